using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// etcd, the cluster's state store. Clients only over TLS with a client certificate of the cluster CA, on 127.0.0.1 too
/// (any local user could otherwise read the join token and everything else); peers over TLS with the node certificate.
/// </summary>
public static class EtcdService
{
    public const string Name = "etcd";

    /// <param name="tls">The certificate, key and CA etcd reads: the service user's copies when it runs as that user.</param>
    public static ServiceDefinition Define(NodeSettings node, StateFolder layout, TlsFiles tls, BinaryResolver binaries)
    {
        var addr = node.AdvertiseAddr;
        var local = LocalUrl(node);
        var external = $"https://{addr}:{node.EtcdClientPort}";
        var loopbackOnly = addr is "127.0.0.1" or "localhost";
        var peer = $"https://{addr}:{node.EtcdPeerPort}";
        return new ServiceDefinition(Name, binaries.Require("etcd"),
        [
            "--name", node.NodeName,
            "--data-dir", layout.EtcdData,
            "--listen-client-urls", loopbackOnly ? local : $"{local},{external}",
            "--advertise-client-urls", loopbackOnly ? local : external,
            "--cert-file", tls.CertPath,
            "--key-file", tls.KeyPath,
            "--trusted-ca-file", tls.CaPath,
            "--client-cert-auth",
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"{node.NodeName}={peer}",
            "--initial-cluster-state", "new",
            "--initial-cluster-token", node.ClusterName,
            "--peer-cert-file", tls.CertPath,
            "--peer-key-file", tls.KeyPath,
            "--peer-trusted-ca-file", tls.CaPath,
            "--peer-client-cert-auth",
            "--enable-v2=false",
        ]);
    }

    /// <summary>The endpoint the node's own clients use (https, client certificate required).</summary>
    public static string LocalUrl(NodeSettings node) => $"https://127.0.0.1:{node.EtcdClientPort}";

    public static Uri HealthUrl(NodeSettings node) => new($"{LocalUrl(node)}/health");
}
