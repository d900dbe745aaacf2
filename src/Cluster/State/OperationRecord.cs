namespace Gravity.Cluster.State;

public enum OperationState
{
    InProgress,
    Completed,
    Failed,
}

public static class OperationTypes
{
    public const string Install = "install";
    public const string Expand = "expand";
    public const string Shrink = "shrink";
    public const string Upgrade = "upgrade";
    public const string GarbageCollect = "gc";
}

/// <summary>
/// An operation on this node. <see cref="Config"/> is the JSON of whatever the operation's executors need to run again
/// in a fresh process (`plan resume` after the installer was killed).
/// </summary>
public sealed record OperationRecord(
    string Id, string Type, OperationState State, string ClusterName, DateTimeOffset Created, DateTimeOffset Updated,
    string? Error, string Config);
