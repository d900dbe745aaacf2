using Gravity.Cluster.Certificates;

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
    public static ServiceDefinition Define(NodeAgentConfig config, RuntimeLayout layout, TlsFiles tls)
        => new(Name, config.GravityBinary,
        [
            .. config.GravityArgs, "registry", "serve",
            .. ListenAddresses(config).SelectMany(a => new[] { "--listen", $"{a}:{config.RegistryPort}" }),
            "--data-dir", layout.RegistryData,
            "--tls-cert", tls.CertPath, "--tls-key", tls.KeyPath, "--client-ca", tls.CaPath,
        ]);

    /// <summary>The advertise address and 127.0.0.1.</summary>
    public static IReadOnlyList<string> ListenAddresses(NodeAgentConfig config) => new[] { config.AdvertiseAddr, "127.0.0.1" }.Distinct().ToList();

    public static Uri ProbeUrl(NodeAgentConfig config) => new($"https://127.0.0.1:{config.RegistryPort}/v2/");

    /// <summary>The name images in the cluster carry (leader.telekube.local:5000).</summary>
    public static string RegistryHost(NodeAgentConfig config) => $"{config.RegistryName}:{config.RegistryPort}";
}
