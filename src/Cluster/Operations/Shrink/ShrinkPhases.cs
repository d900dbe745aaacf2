namespace Gravity.Cluster.Operations.Shrink;

/// <summary>The phases of a shrink operation.</summary>
public static class ShrinkPhases
{
    public const string PreNodeRemove = "/pre-node-remove";
    public const string Drain = "/drain";
    public const string Records = "/records";
    public const string Etcd = "/etcd";
    public const string Clean = "/clean";
    public const string PostNodeRemove = "/post-node-remove";
}
