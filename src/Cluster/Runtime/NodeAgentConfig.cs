using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// The node record as the state folder keeps it (&lt;state-dir&gt;/node.json, root's, 0600): the node's settings and
/// how its agent runs. Written when the install is created and by every agent start; read by `gravity agent run`,
/// status, stop, start and leave, so a node works with nothing but its state folder. A folder of an older version has
/// only agent.json, whose flat fields are the same settings: it is read when node.json is missing.
/// </summary>
public sealed record NodeAgentConfig
{
    public required NodeSettings Node { get; init; }
    public bool RunContainerd { get; init; } = true;
    /// <summary>Run etcd and the registry as the service user (through setpriv) and give them their data folders; containerd stays root. Only when the agent runs as root.</summary>
    public bool RunServicesAsServiceUser { get; init; }
    public double ProbeIntervalSeconds { get; init; } = 5;
    /// <summary>How long failing probes during start-up stay out of the history.</summary>
    public double StartupGraceSeconds { get; init; } = 60;

    /// <summary>The record an install (or a join) writes: etcd and the registry own their data as the service user; containerd needs root.</summary>
    public static NodeAgentConfig Of(NodeSettings node) => new() { Node = node, RunServicesAsServiceUser = true };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public Task SaveAsync() => AtomicFile.WriteAllTextAsync(Node.Folder.NodeFile, JsonSerializer.Serialize(this, Json), FileMode);

    /// <summary>The record of the node in <paramref name="stateDir"/>; throws naming the file when there is none or it cannot be read.</summary>
    public static NodeAgentConfig Load(string stateDir)
        => TryLoad(stateDir) ?? throw new GravityException(
            $"no cluster is installed on this node ({new StateFolder(Path.GetFullPath(stateDir)).NodeFile} does not exist; is --state-dir right?)");

    /// <summary>The record, or null when the folder has neither node.json nor an older version's agent.json.</summary>
    public static NodeAgentConfig? TryLoad(string stateDir)
    {
        var folder = new StateFolder(Path.GetFullPath(stateDir));
        if (File.Exists(folder.NodeFile))
        {
            var config = Parse(folder.NodeFile, json => JsonSerializer.Deserialize<NodeAgentConfig>(json, Json));
            if (config.Node is null) throw new GravityException($"{folder.NodeFile}: no \"node\" settings");
            return config with { Node = config.Node with { StateDir = folder.StateDir } };
        }
        if (File.Exists(folder.LegacyAgentFile))
        {
            // agent.json held the settings flat, next to the agent's own options: read both from the same object.
            var node = Parse(folder.LegacyAgentFile, json => JsonSerializer.Deserialize<NodeSettings>(json, Json));
            var agent = Parse(folder.LegacyAgentFile, json => JsonSerializer.Deserialize<LegacyAgentOptions>(json, Json));
            return new NodeAgentConfig
            {
                Node = node with { StateDir = folder.StateDir },
                RunContainerd = agent.RunContainerd,
                RunServicesAsServiceUser = agent.RunServicesAsServiceUser,
                ProbeIntervalSeconds = agent.ProbeIntervalSeconds,
                StartupGraceSeconds = agent.StartupGraceSeconds,
            };
        }
        return null;
    }

    private static T Parse<T>(string path, Func<string, T?> deserialize) where T : class
    {
        try
        {
            return deserialize(File.ReadAllText(path)) ?? throw new GravityException($"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw new GravityException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>The agent's options as agent.json held them (its node fields are read as <see cref="NodeSettings"/>).</summary>
    private sealed record LegacyAgentOptions(bool RunContainerd = true, bool RunServicesAsServiceUser = false, double ProbeIntervalSeconds = 5, double StartupGraceSeconds = 60);
}
