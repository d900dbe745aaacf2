using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// etcd, the cluster's state store. Clients only over TLS with a client certificate of the cluster CA, on 127.0.0.1 too
/// (any local user could otherwise read the join token and everything else); peers over TLS with the node certificate.
/// </summary>
public static class EtcdService
{
    public const string Name = "etcd";

    /// <param name="tls">The certificate, key and CA etcd reads: the service user's copies when it runs as that user.</param>
    public static ServiceDefinition Define(NodeAgentConfig config, RuntimeLayout layout, TlsFiles tls, BinaryResolver binaries)
    {
        var addr = config.AdvertiseAddr;
        var local = LocalUrl(config);
        var external = $"https://{addr}:{config.EtcdClientPort}";
        var loopbackOnly = addr is "127.0.0.1" or "localhost";
        var peer = $"https://{addr}:{config.EtcdPeerPort}";
        return new ServiceDefinition(Name, binaries.Require("etcd"),
        [
            "--name", config.NodeName,
            "--data-dir", layout.EtcdData,
            "--listen-client-urls", loopbackOnly ? local : $"{local},{external}",
            "--advertise-client-urls", loopbackOnly ? local : external,
            "--cert-file", tls.CertPath,
            "--key-file", tls.KeyPath,
            "--trusted-ca-file", tls.CaPath,
            "--client-cert-auth",
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"{config.NodeName}={peer}",
            "--initial-cluster-state", "new",
            "--initial-cluster-token", config.ClusterName,
            "--peer-cert-file", tls.CertPath,
            "--peer-key-file", tls.KeyPath,
            "--peer-trusted-ca-file", tls.CaPath,
            "--peer-client-cert-auth",
            "--enable-v2=false",
        ]);
    }

    /// <summary>The endpoint the node's own clients use (https, client certificate required).</summary>
    public static string LocalUrl(NodeAgentConfig config) => $"https://127.0.0.1:{config.EtcdClientPort}";

    public static Uri HealthUrl(NodeAgentConfig config) => new($"{LocalUrl(config)}/health");
}
