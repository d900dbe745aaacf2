namespace Gravity.Cluster.Operations;

/// <summary>
/// How to run gravity again: the self-contained single-file binary (<see cref="Standalone"/>: it can be copied and run
/// from anywhere), an apphost next to its gravity.dll, or `dotnet gravity.dll` (builds and tests).
/// </summary>
public sealed record GravityProgram(string FileName, IReadOnlyList<string> Args, bool Standalone)
{
    public static GravityProgram Current()
    {
        var process = Environment.ProcessPath ?? throw new Core.GravityException("cannot tell which program this process runs");
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return new GravityProgram(process, [Path.GetFullPath(Environment.GetCommandLineArgs()[0])], Standalone: false);
        var assembly = Path.Combine(Path.GetDirectoryName(process)!, Path.GetFileNameWithoutExtension(process) + ".dll");
        return new GravityProgram(process, [], Standalone: !File.Exists(assembly));
    }
}
