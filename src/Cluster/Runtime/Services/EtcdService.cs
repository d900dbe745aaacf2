using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// etcd, the cluster's state store: clients on 127.0.0.1 over plain HTTP (the v3 JSON gateway the cluster code uses),
/// and, when the node has another address, over TLS with client certificates there; peers over TLS with the node certificate.
/// </summary>
public static class EtcdService
{
    public const string Name = "etcd";

    public static ServiceDefinition Define(NodeAgentConfig config, RuntimeLayout layout, ClusterPki pki, BinaryResolver binaries)
    {
        var addr = config.AdvertiseAddr;
        var local = $"http://127.0.0.1:{config.EtcdClientPort}";
        var external = $"https://{addr}:{config.EtcdClientPort}";
        var loopbackOnly = addr is "127.0.0.1" or "localhost";
        var peer = $"https://{addr}:{config.EtcdPeerPort}";
        var args = new List<string>
        {
            "--name", config.NodeName,
            "--data-dir", layout.EtcdData,
            "--listen-client-urls", loopbackOnly ? local : $"{local},{external}",
            "--advertise-client-urls", loopbackOnly ? local : external,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"{config.NodeName}={peer}",
            "--initial-cluster-state", "new",
            "--initial-cluster-token", config.ClusterName,
            "--peer-cert-file", pki.NodeCertPath,
            "--peer-key-file", pki.NodeKeyPath,
            "--peer-trusted-ca-file", pki.CaCertPath,
            "--peer-client-cert-auth",
            "--enable-v2=false",
        };
        if (!loopbackOnly)
            args.AddRange(["--cert-file", pki.NodeCertPath, "--key-file", pki.NodeKeyPath, "--trusted-ca-file", pki.CaCertPath, "--client-cert-auth"]);
        return new ServiceDefinition(Name, binaries.Require("etcd"), args);
    }

    public static Uri HealthUrl(NodeAgentConfig config) => new($"http://127.0.0.1:{config.EtcdClientPort}/health");
}
