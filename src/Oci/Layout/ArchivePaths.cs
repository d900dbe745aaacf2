using Gravity.Core;

namespace Gravity.Oci.Layout;

/// <summary>Names inside an archive, normalised and confined to the archive: nothing absolute, nothing above its root.</summary>
public static class ArchivePaths
{
    /// <summary>"./a//b/" -> "a/b". Throws naming the archive and entry for absolute names and ".." that leave the root.</summary>
    public static string Normalize(string name, string archive)
    {
        if (name.StartsWith('/') || name.Contains('\\') || name.Contains('\0') || (name.Length > 1 && name[1] == ':'))
            throw new GravityException($"{archive}: entry '{name}' has an absolute or invalid path");
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
                throw new GravityException($"{archive}: entry '{name}' contains '..'");
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>Where a symbolic link entry points, as an archive name; throws when the target leaves the archive.</summary>
    public static string ResolveSymlink(string entryName, string target, string archive)
    {
        if (target.StartsWith('/')) throw new GravityException($"{archive}: link '{entryName}' points to an absolute path '{target}'");
        var parts = entryName.Split('/').SkipLast(1).ToList();
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw new GravityException($"{archive}: link '{entryName}' -> '{target}' points outside the archive");
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
