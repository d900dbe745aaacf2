namespace Gravity.Cluster.Etcd;

/// <summary>A key and its value as read from etcd, with the revision it was last modified at.</summary>
public sealed record EtcdKeyValue(string Key, string Value, long ModRevision);
