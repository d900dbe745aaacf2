namespace Gravity.Cluster.Etcd;

/// <summary>etcd answered with an error, or could not be reached.</summary>
public sealed class EtcdException(string message, Exception? inner = null) : Core.GravityException(message, inner ?? new Exception(message));
