namespace Gravity.Cluster.Etcd;

/// <summary>
/// The outcome of a compare-and-swap: whether it wrote, the store's revision, and (when it did not) the key as it is
/// now, so a caller can retry from there without another read.
/// </summary>
public sealed record EtcdSwap(bool Swapped, long Revision, EtcdKeyValue? Current)
{
    /// <summary>The expected mod revision meaning "the key does not exist".</summary>
    public const long Absent = 0;
}
