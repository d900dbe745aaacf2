using System.Text;

namespace Gravity.Preflight.Host;

internal sealed record Mount(string Device, string MountPoint, string FileSystem);

/// <summary>/proc/mounts: the mount that holds a path is the one with the longest mount point that prefixes it.</summary>
internal sealed class MountTable(IReadOnlyList<Mount> mounts)
{
    public static MountTable Read(string path)
    {
        var mounts = new List<Mount>();
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(' ');
            if (f.Length >= 3) mounts.Add(new Mount(Unescape(f[0]), Unescape(f[1]), f[2]));
        }
        return new MountTable(mounts);
    }

    public Mount? Find(string path)
    {
        var full = Path.GetFullPath(path);
        Mount? best = null;
        foreach (var m in mounts)
        {
            var prefix = m.MountPoint == "/" ? "/" : m.MountPoint + "/";
            if ((full == m.MountPoint || full.StartsWith(prefix, StringComparison.Ordinal))
                && (best is null || m.MountPoint.Length >= best.MountPoint.Length))
                best = m;
        }
        return best;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in octal (\040).</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(string s, int at) => at + 3 <= s.Length && s.Substring(at, 3).All(c => c is >= '0' and <= '7');
}
