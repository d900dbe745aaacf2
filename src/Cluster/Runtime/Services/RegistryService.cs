using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// The cluster registry: `gravity registry serve` on port 5000 of the advertise address and of loopback (not every
/// interface), addressed as leader.telekube.local:5000. TLS with the node certificate; pushes and deletes need a client
/// certificate of the cluster CA, and so do reads from anywhere but the node's own addresses.
/// </summary>
public static class RegistryService
{
    public const string Name = "registry";

    /// <param name="tls">The certificate, key and CA the registry reads: the service user's copies when it runs as that user.</param>
    public static ServiceDefinition Define(NodeSettings node, StateFolder layout, TlsFiles tls)
        => new(Name, node.GravityBinary,
        [
            .. node.GravityArgs, "registry", "serve",
            .. ListenAddresses(node).SelectMany(a => new[] { "--listen", $"{a}:{node.RegistryPort}" }),
            "--data-dir", layout.RegistryData,
            "--tls-cert", tls.CertPath, "--tls-key", tls.KeyPath, "--client-ca", tls.CaPath,
        ]);

    /// <summary>The advertise address and 127.0.0.1.</summary>
    public static IReadOnlyList<string> ListenAddresses(NodeSettings node) => new[] { node.AdvertiseAddr, "127.0.0.1" }.Distinct().ToList();

    public static Uri ProbeUrl(NodeSettings node) => new($"https://127.0.0.1:{node.RegistryPort}/v2/");

    /// <summary>The name images in the cluster carry (leader.telekube.local:5000).</summary>
    public static string RegistryHost(NodeSettings node) => $"{ClusterPki.LeaderName}:{node.RegistryPort}";
}
