using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// Everything the install phases need, fixed when the plan is created and stored with the operation, so that
/// `gravity plan resume` in a new process (after the installer was killed) runs with exactly the same inputs.
/// The node's identity and settings are the node record (<see cref="Node"/>), which the state folder keeps too.
/// </summary>
public sealed record InstallConfig
{
    /// <summary>The unpacked cluster image folder (app.yaml, packages/, .gravity/head.json).</summary>
    public required string ImageDir { get; init; }
    /// <summary>The node this install creates: what node.json holds once the agent runs.</summary>
    public required NodeSettings Node { get; init; }
    public string? Flavor { get; init; }
    public required string AppName { get; init; }
    public required string AppVersion { get; init; }
    /// <summary>The token other nodes join with (--token, else random).</summary>
    public required string JoinToken { get; init; }
    /// <summary>The gravity program that ran the install: a single-file binary (copied into the state folder by /unpack and run
    /// from there: <see cref="Node"/>'s GravityBinary is the copy), or `dotnet` with <see cref="GravityArgs"/> = [gravity.dll] (run in place; tests).</summary>
    public required string GravityBinary { get; init; }
    public IReadOnlyList<string> GravityArgs { get; init; } = [];
    /// <summary>True for a self-contained single-file binary: /unpack copies it so the image folder may go away afterwards.</summary>
    public bool CopyGravityBinary { get; init; }
    /// <summary>When the operation was created: also the cluster's creation and the node's join time, so phases re-run identically.</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>Whether the state folder existed before the install (leave removes it only when the install created it).</summary>
    public bool StateDirExisted { get; init; }
    /// <summary>Preflight checks skipped on purpose (recorded).</summary>
    public IReadOnlyList<string> SkippedChecks { get; init; } = [];
    /// <summary>
    /// Whether the cluster image's runtime package runs Kubernetes (what /checks and the installer decide on before
    /// anything starts). /app itself goes by the admin kubeconfig the runtime writes (<see cref="StateFolder.AdminKubeconfig"/>).
    /// </summary>
    public bool RuntimeHasKubernetes { get; init; }

    [JsonIgnore]
    public StateFolder Folder => Node.Folder;

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static InstallConfig Deserialize(string json)
    {
        var parsed = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("empty install configuration");
        if (!parsed.ContainsKey("node")) parsed["node"] = NodeOfFlatConfig(parsed);
        return parsed.Deserialize<InstallConfig>(PlanJson.Options) ?? throw new InvalidDataException("empty install configuration");
    }

    /// <summary>
    /// Installs of versions before the node record kept its fields flat in this configuration: the same names, except
    /// that the agent ran the copy in bin/ when the installer's binary was copied.
    /// </summary>
    private static JsonObject NodeOfFlatConfig(JsonObject flat)
    {
        string[] fields = ["stateDir", "clusterName", "nodeName", "advertiseAddr", "role", "serviceUid", "serviceGid", "etcdClientPort",
            "etcdPeerPort", "registryPort", "healthPort", "listenAddress", "manageEtcHosts", "gravityBinary", "gravityArgs"];
        var node = new JsonObject();
        foreach (var field in fields)
            if (flat[field] is { } value) node[field] = value.DeepClone();
        if (flat["copyGravityBinary"]?.GetValue<bool>() == true && flat["stateDir"]?.GetValue<string>() is { } stateDir)
            node["gravityBinary"] = new StateFolder(stateDir).GravityBinary;
        return node;
    }
}
