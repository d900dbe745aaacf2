using Gravity.Core;

namespace Gravity.Cluster.State;

/// <summary>
/// Keeps two processes from running phases of operations on this node at once. The lock is an exclusive open of a
/// file (flock on Linux), so the kernel releases it when the holder dies, even by kill -9.
/// </summary>
public sealed class OperationLock : IDisposable
{
    private readonly FileStream _file;

    private OperationLock(FileStream file) => _file = file;

    public static OperationLock Acquire(string stateDir)
    {
        var path = new Nodes.StateFolder(Path.GetFullPath(stateDir)).OperationLock;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new OperationLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new GravityException($"another gravity process is running an operation on this node ({path} is locked); wait for it or stop it first", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
