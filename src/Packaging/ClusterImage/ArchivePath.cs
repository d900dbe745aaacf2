namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// The names allowed inside a cluster image: relative, '/'-separated, no empty, "." or ".." segments, no NUL or
/// backslash. Checked on both write and read so that extracting an image can never touch anything outside its folder.
/// </summary>
public static class ArchivePath
{
    public static bool IsSafe(string name, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(name)) reason = "empty name";
        else if (name.StartsWith('/')) reason = "absolute path";
        else if (name.Contains('\\')) reason = "backslash in name";
        else if (name.Contains('\0')) reason = "NUL in name";
        else if (name.Length > 4096) reason = "name too long";
        else
        {
            foreach (var segment in name.TrimEnd('/').Split('/'))
            {
                if (segment.Length == 0) { reason = "empty path segment"; break; }
                if (segment is "." or "..") { reason = $"'{segment}' path segment"; break; }
            }
        }
        return reason is null;
    }

    public static void Validate(string name)
    {
        if (!IsSafe(name, out var reason)) throw new InvalidDataException($"unsafe archive entry name '{name}': {reason}");
    }

    /// <summary>The parent folders of <paramref name="name"/>, outermost first, each ending with '/'.</summary>
    public static IEnumerable<string> ParentsOf(string name)
    {
        for (var i = name.IndexOf('/'); i >= 0 && i < name.Length - 1; i = name.IndexOf('/', i + 1))
            yield return name[..(i + 1)];
    }

    /// <summary>Joins <paramref name="name"/> under <paramref name="root"/>, refusing any result outside it.</summary>
    public static string Resolve(string root, string name)
    {
        Validate(name);
        var fullRoot = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(fullRoot, name));
        var prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidDataException($"archive entry '{name}' would be written outside {root}");
        return full;
    }
}
