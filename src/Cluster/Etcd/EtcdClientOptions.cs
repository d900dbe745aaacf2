namespace Gravity.Cluster.Etcd;

/// <summary>Where etcd listens and, when it serves TLS, how to trust it and prove who we are (PEM files).</summary>
public sealed record EtcdClientOptions(Uri Endpoint)
{
    public string? CaCertificatePath { get; init; }
    public string? ClientCertificatePath { get; init; }
    public string? ClientKeyPath { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
