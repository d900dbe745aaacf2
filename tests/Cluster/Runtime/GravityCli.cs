namespace Gravity.Cluster.Tests.Runtime;

/// <summary>The gravity CLI as built by the solution build (per-builder output folder when GRAVITY_BUILD_DIR is set).</summary>
public static class GravityCli
{
    public static string DllPath
    {
        get
        {
            var candidates = new List<string>();
            if (Environment.GetEnvironmentVariable("GRAVITY_BUILD_DIR") is { Length: > 0 } buildDir)
                candidates.Add(Path.Combine(buildDir, "bin", "gravity", "Debug", "net10.0", "gravity.dll"));
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gravity.slnx"))) dir = dir.Parent;
            if (dir is not null) candidates.Add(Path.Combine(dir.FullName, "cli", "gravity", "bin", "Debug", "net10.0", "gravity.dll"));
            return candidates.FirstOrDefault(File.Exists)
                   ?? throw new InvalidOperationException($"gravity.dll not found (build cli/gravity first); looked at: {string.Join(", ", candidates)}");
        }
    }

    public static string Dotnet => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
