namespace Gravity.Cluster.Etcd;

public enum EtcdWatchEventKind { Put, Delete }

/// <summary>One change seen by a watch: for a delete <see cref="Value"/> is empty and <see cref="ModRevision"/> is the delete's revision.</summary>
public sealed record EtcdWatchEvent(EtcdWatchEventKind Kind, string Key, string Value, long ModRevision);
