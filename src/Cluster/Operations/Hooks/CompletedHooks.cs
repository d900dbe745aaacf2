using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// The hooks an operation has completed on this node (<see cref="StateFolder.CompletedHooksFile"/>): a phase resumed
/// after a crash or a failure runs only the hooks that did not complete, since a hook need not be safe to run twice.
/// </summary>
public sealed class CompletedHooks(StateFolder folder, string operationId)
{
    private string FilePath => folder.CompletedHooksFile(operationId);

    public bool Contains(string hook) => File.Exists(FilePath) && File.ReadAllLines(FilePath).Contains(hook, StringComparer.Ordinal);

    public async Task AddAsync(string hook)
    {
        if (Contains(hook)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var lines = File.Exists(FilePath) ? File.ReadAllLines(FilePath).ToList() : [];
        lines.Add(hook);
        await AtomicFile.WriteAllTextAsync(FilePath, string.Join('\n', lines) + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
