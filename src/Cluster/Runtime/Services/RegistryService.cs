namespace Gravity.Cluster.Runtime.Services;

/// <summary>The cluster registry: `gravity registry serve` on port 5000, addressed as leader.telekube.local:5000.</summary>
public static class RegistryService
{
    public const string Name = "registry";

    public static ServiceDefinition Define(NodeAgentConfig config, RuntimeLayout layout)
        => new(Name, config.GravityBinary,
            [.. config.GravityArgs, "registry", "serve", "--listen", $"{config.ListenAddress}:{config.RegistryPort}", "--data-dir", layout.RegistryData]);

    public static Uri ProbeUrl(NodeAgentConfig config) => new($"http://127.0.0.1:{config.RegistryPort}/v2/");

    /// <summary>The name images in the cluster carry (leader.telekube.local:5000).</summary>
    public static string RegistryHost(NodeAgentConfig config) => $"{config.RegistryName}:{config.RegistryPort}";
}
