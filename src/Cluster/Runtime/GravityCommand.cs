using System.Reflection;

namespace Gravity.Cluster.Runtime;

/// <summary>How to run this very gravity program again: the single-file binary, or `dotnet gravity.dll` when run from a build.</summary>
public static class GravityCommand
{
    public static (string Binary, IReadOnlyList<string> Args) Current()
    {
        var process = Environment.ProcessPath ?? "gravity";
        if (Path.GetFileNameWithoutExtension(process) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } dll)
            return (process, [dll]);
        return (process, []);
    }
}
