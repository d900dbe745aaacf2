using Gravity.Cluster.Certificates;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// containerd with its own root, state and socket under the state folder (never colliding with a host containerd),
/// and a hosts.toml that sends pulls from leader.telekube.local:5000 to the cluster registry, with the node's client certificate.
/// </summary>
public static class ContainerdService
{
    public const string Name = "containerd";

    public static async Task<ServiceDefinition> DefineAsync(NodeAgentConfig config, RuntimeLayout layout, TlsFiles node, BinaryResolver binaries)
    {
        Directory.CreateDirectory(layout.ContainerdDir);
        await AtomicFile.WriteAllTextAsync(layout.ContainerdConfig, ConfigToml(layout));
        await WriteRegistryHostsAsync(config, layout, node);
        return new ServiceDefinition(Name, binaries.Require("containerd"), ["--config", layout.ContainerdConfig]);
    }

    public static string ConfigToml(RuntimeLayout layout) => $"""
        # Written by the gravity node agent; regenerated at every start.
        version = 2
        root = "{layout.ContainerdRoot}"
        state = "{layout.ContainerdState}"

        [grpc]
          address = "{layout.ContainerdSocket}"

        [ttrpc]
          address = "{layout.ContainerdSocket}.ttrpc"

        [debug]
          address = ""

        [metrics]
          address = ""

        [plugins]
          [plugins."io.containerd.internal.v1.opt"]
            path = "{Path.Combine(layout.ContainerdDir, "opt")}"
          [plugins."io.containerd.grpc.v1.cri"]
            stream_server_address = "127.0.0.1"
            stream_server_port = "0"
            [plugins."io.containerd.grpc.v1.cri".registry]
              config_path = "{layout.ContainerdHostsDir}"

        """;

    /// <summary>
    /// hosts.toml for the registry's cluster name and for its direct addresses: TLS trusting the cluster CA, presenting the
    /// node's client certificate (containerd runs as root and reads the root-owned originals).
    /// </summary>
    public static async Task WriteRegistryHostsAsync(NodeAgentConfig config, RuntimeLayout layout, TlsFiles node)
    {
        var endpoint = $"https://127.0.0.1:{config.RegistryPort}";
        foreach (var host in new[] { RegistryService.RegistryHost(config), $"127.0.0.1:{config.RegistryPort}", $"{config.AdvertiseAddr}:{config.RegistryPort}" }.Distinct())
        {
            var dir = Path.Combine(layout.ContainerdHostsDir, host);
            Directory.CreateDirectory(dir);
            await AtomicFile.WriteAllTextAsync(Path.Combine(dir, "hosts.toml"), $"""
                server = "https://{host}"

                [host."{endpoint}"]
                  capabilities = ["pull", "resolve", "push"]
                  ca = "{node.CaPath}"
                  client = [["{node.CertPath}", "{node.KeyPath}"]]

                """);
        }
    }

    /// <summary>`ctr` arguments that reach this containerd.</summary>
    public static IReadOnlyList<string> CtrArgs(RuntimeLayout layout, params string[] command) => ["--address", layout.ContainerdSocket, .. command];
}
