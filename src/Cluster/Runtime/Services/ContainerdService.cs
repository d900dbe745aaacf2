using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// containerd with its own root, state and socket under the state folder (never colliding with a host containerd),
/// and a hosts.toml that sends pulls from leader.telekube.local:5000 to the cluster registry, with the node's client certificate.
/// </summary>
public static class ContainerdService
{
    public const string Name = "containerd";

    public static async Task<ServiceDefinition> DefineAsync(NodeSettings node, StateFolder layout, TlsFiles tls, BinaryResolver binaries)
    {
        Directory.CreateDirectory(layout.ContainerdDir);
        await AtomicFile.WriteAllTextAsync(layout.ContainerdConfig, ConfigToml(layout));
        await WriteRegistryHostsAsync(node, layout, tls);
        return new ServiceDefinition(Name, binaries.Require("containerd"), ["--config", layout.ContainerdConfig]);
    }

    public static string ConfigToml(StateFolder layout) => $"""
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
            path = "{layout.ContainerdOpt}"
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
    /// <param name="upstream">The master registry (ADDR:PORT) a regular node pulls from: the leader's, once its agent knows
    /// it (<see cref="Leadership.LeaderRegistryRoute"/>); before that the one it joined through.</param>
    public static async Task WriteRegistryHostsAsync(NodeSettings node, StateFolder layout, TlsFiles tls, string? upstream = null)
    {
        // A master pulls from its own registry; a regular node, which has none, from a master's.
        upstream ??= node.UpstreamRegistry;
        var endpoint = !node.Master && upstream is not null ? $"https://{upstream}" : $"https://127.0.0.1:{node.RegistryPort}";
        foreach (var host in new[] { RegistryService.RegistryHost(node), $"127.0.0.1:{node.RegistryPort}", $"{node.AdvertiseAddr}:{node.RegistryPort}" }.Distinct())
        {
            var file = layout.ContainerdHostConfig(host);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await AtomicFile.WriteAllTextAsync(file, $"""
                server = "https://{host}"

                [host."{endpoint}"]
                  capabilities = ["pull", "resolve", "push"]
                  ca = "{tls.CaPath}"
                  client = [["{tls.CertPath}", "{tls.KeyPath}"]]

                """);
        }
    }

    /// <summary>`ctr` arguments that reach this containerd.</summary>
    public static IReadOnlyList<string> CtrArgs(StateFolder layout, params string[] command) => ["--address", layout.ContainerdSocket, .. command];
}
