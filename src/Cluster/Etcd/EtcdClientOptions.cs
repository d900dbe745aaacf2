namespace Gravity.Cluster.Etcd;

/// <summary>Where etcd listens and, when it serves TLS, how to trust it and prove who we are (PEM files).</summary>
public sealed record EtcdClientOptions(Uri Endpoint)
{
    public string? CaCertificatePath { get; init; }
    public string? ClientCertificatePath { get; init; }
    public string? ClientKeyPath { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS trusting <see cref="Certificates.TlsFiles.CaPath"/> and presenting that certificate and key (etcd serves clients with client-cert-auth only).</summary>
    public static EtcdClientOptions Tls(Uri endpoint, Certificates.TlsFiles client) => new(endpoint)
    {
        CaCertificatePath = client.CaPath,
        ClientCertificatePath = client.CertPath,
        ClientKeyPath = client.KeyPath,
    };
}
