using Gravity.Core;

namespace Gravity.Cluster.State;

/// <summary>The node's operations database cannot be used (damaged, overwritten, unreadable): `leave --force` still uninstalls without it.</summary>
public sealed class UnreadableDatabaseException(string path, string reason, Exception inner)
    : GravityException($"{path} cannot be read: {reason}. It records this node's operations: restore it from a backup, or uninstall the node with gravity leave --force", inner)
{
    public string Path { get; } = path;
}
