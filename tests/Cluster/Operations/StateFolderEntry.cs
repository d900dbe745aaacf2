using System.Globalization;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>One file or folder under a state folder, with its owner and mode as find(1) reports them (lstat: links are not followed).</summary>
internal sealed record StateFolderEntry(string RelativePath, int Uid, int Gid, int Mode, char Type)
{
    public bool IsLink => Type == 'l';

    /// <summary>Whether a process with this uid and gid (and no other groups) may change the entry's content.</summary>
    public bool WritableBy(int uid, int gid) =>
        !IsLink && (Uid == uid || (Gid == gid && (Mode & 0x10) != 0) || (Mode & 0x2) != 0);

    public override string ToString() => $"{RelativePath} ({Type} {Uid}:{Gid} {Convert.ToString(Mode, 8)})";

    public static async Task<IReadOnlyList<StateFolderEntry>> ListAsync(string stateDir)
    {
        var r = await ProcessRunner.RunCheckedAsync("find", [stateDir, "-printf", "%U %G %m %y %P\\n"]);
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split(' ', 5);
            return new StateFolderEntry(parts.Length > 4 ? parts[4] : "", int.Parse(parts[0], CultureInfo.InvariantCulture),
                int.Parse(parts[1], CultureInfo.InvariantCulture), Convert.ToInt32(parts[2], 8), parts[3][0]);
        }).ToList();
    }
}
