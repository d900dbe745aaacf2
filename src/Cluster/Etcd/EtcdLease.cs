namespace Gravity.Cluster.Etcd;

/// <summary>A lease granted by etcd: keys put with it vanish when it is revoked or not renewed within <see cref="Ttl"/>.</summary>
public sealed record EtcdLease(long Id, TimeSpan Ttl);
