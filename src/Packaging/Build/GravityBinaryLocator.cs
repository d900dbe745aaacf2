using Gravity.Core;

namespace Gravity.Packaging.Build;

/// <summary>Finds the gravity binary to embed: the one given, else the file named gravity next to the running program.</summary>
public static class GravityBinaryLocator
{
    public static string? TryFind(string? explicitPath)
    {
        if (explicitPath is not null) return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        foreach (var dir in new[] { Path.GetDirectoryName(Environment.ProcessPath), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var candidate = Path.Combine(dir, "gravity");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Find(string? explicitPath)
        => TryFind(explicitPath) ?? throw new GravityException(explicitPath is not null
            ? $"--gravity-binary {explicitPath}: no such file"
            : "no gravity binary to embed: pass --gravity-binary PATH, or install gravity next to tele");
}
