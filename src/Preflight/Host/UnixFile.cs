using System.Globalization;
using System.Runtime.InteropServices;
using Gravity.Core.Processes;

namespace Gravity.Preflight.Host;

internal sealed record FileOwnership(int Uid, int Gid, int Mode);

/// <summary>Owner and permission bits of files, and chown, which .NET does not expose.</summary>
internal static class UnixFile
{
    public static async Task<FileOwnership> StatAsync(string path, CancellationToken ct)
    {
        var r = await ProcessRunner.RunCheckedAsync("stat", ["-L", "-c", "%u %g %a", "--", path], timeout: TimeSpan.FromSeconds(10), ct: ct);
        var f = r.StdOut.Trim().Split(' ');
        return new FileOwnership(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), Convert.ToInt32(f[2], 8));
    }

    public static void Chown(string path, int uid, int gid)
    {
        if (chown(path, uid, gid) != 0)
            throw new IOException($"cannot change the owner of {path} to {uid}:{gid}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    public static string Octal(int mode) => "0" + Convert.ToString(mode, 8);

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}
