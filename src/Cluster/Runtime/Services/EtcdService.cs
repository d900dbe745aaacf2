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
        => node.Master ? Member(node, layout, tls, binaries) : Proxy(node, tls, binaries);

    /// <summary>
    /// A regular node's etcd: a gRPC proxy on the same local URL (so every client on the node is the same as on a
    /// master) forwarding to the masters, TLS with the node certificate on both sides.
    /// </summary>
    private static ServiceDefinition Proxy(NodeSettings node, TlsFiles tls, BinaryResolver binaries)
    {
        if (node.EtcdEndpoints.Count == 0) throw new Core.GravityException($"node {node.NodeName} is a regular node but its record names no master etcd endpoints");
        return new ServiceDefinition(Name, binaries.Require("etcd"),
        [
            "grpc-proxy", "start",
            "--endpoints", string.Join(",", node.EtcdEndpoints),
            "--listen-addr", $"127.0.0.1:{node.EtcdClientPort}",
            "--advertise-client-url", $"127.0.0.1:{node.EtcdClientPort}",
            "--cert", tls.CertPath, "--key", tls.KeyPath, "--cacert", tls.CaPath,
            "--cert-file", tls.CertPath, "--key-file", tls.KeyPath, "--trusted-ca-file", tls.CaPath,
        ]);
    }

    private static ServiceDefinition Member(NodeSettings node, StateFolder layout, TlsFiles tls, BinaryResolver binaries)
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
            "--initial-cluster", node.EtcdInitialCluster ?? $"{node.NodeName}={peer}",
            "--initial-cluster-state", node.EtcdInitialCluster is null ? "new" : "existing",
            "--initial-cluster-token", node.ClusterName,
            "--peer-cert-file", tls.CertPath,
            "--peer-key-file", tls.KeyPath,
            "--peer-trusted-ca-file", tls.CaPath,
            "--peer-client-cert-auth",
            "--enable-v2=false",
        ]);
    }

    /// <summary>The URL other nodes' etcd members reach this member's peer port on.</summary>
    public static Uri PeerUrl(NodeSettings node) => new($"https://{node.AdvertiseAddr}:{node.EtcdPeerPort}");

    /// <summary>The URL other nodes reach this member's clients port on (it listens there when the address is not loopback).</summary>
    public static Uri ClientUrl(NodeSettings node) => new($"https://{node.AdvertiseAddr}:{node.EtcdClientPort}");

    /// <summary>The endpoint the node's own clients use (https, client certificate required).</summary>
    public static string LocalUrl(NodeSettings node) => $"https://127.0.0.1:{node.EtcdClientPort}";

    public static Uri HealthUrl(NodeSettings node) => new($"{LocalUrl(node)}/health");
}
