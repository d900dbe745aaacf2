using System.Runtime.CompilerServices;

namespace Gravity.Testing;

/// <summary>The repository's own C# sources, for tests that guard how the code is written (found from this file's path at compile time, wherever the build output lives).</summary>
public static class RepositorySources
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every .cs file under the given top folders (e.g. "src", "cli"), without build output; paths relative to the root, '/'-separated.</summary>
    public static IReadOnlyList<string> CSharpFiles(params string[] topFolders) =>
        topFolders.SelectMany(top => Directory.EnumerateFiles(Path.Combine(Root, top), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gravity.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Gravity.slnx above {thisFile}");
    }
}
