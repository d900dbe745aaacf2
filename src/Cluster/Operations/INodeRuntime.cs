using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Oci.Registry;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations;

/// <summary>
/// What the install needs from the node runtime (preflight checks, certificates, the node agent and its services).
/// One seam so the install phases read the same whatever process layout the runtime uses; the implementation is
/// <see cref="NodeRuntime"/>.
/// </summary>
public interface INodeRuntime
{
    /// <summary>Runs the preflight checks of the node's profile; returns the failures in words an operator can act on (empty: all passed).</summary>
    /// <param name="stateSpace">What the install will write under the state folder (checked for free space).</param>
    Task<IReadOnlyList<string>> RunPreflightAsync(NodeSettings node, IReadOnlyList<string> skippedChecks, Manifest.NodeProfile profile, Preflight.StateSpaceRequirement stateSpace, CancellationToken ct);

    /// <summary>Creates the cluster CA and this node's certificates under the state folder, when missing.</summary>
    Task EnsureCertificatesAsync(NodeSettings node, CancellationToken ct);

    /// <summary>Saves the node record into the state folder and starts the node agent in the background (no-op when it already runs).</summary>
    Task StartAgentAsync(NodeAgentConfig config, CancellationToken ct);

    /// <summary>Waits until the agent reports every runtime service healthy; throws with the failing probes on timeout.</summary>
    Task WaitHealthyAsync(NodeSettings node, TimeSpan timeout, CancellationToken ct);

    /// <summary>Stops the node agent and every service it runs (no-op when nothing runs).</summary>
    Task StopAgentAsync(NodeSettings node, CancellationToken ct);

    /// <summary>Undoes what the runtime changed on the host outside the state folder (the /etc/hosts entry of the cluster registry).</summary>
    Task RemoveHostChangesAsync(NodeSettings node, CancellationToken ct);

    /// <summary>How to talk to the cluster registry on this node.</summary>
    RegistryClientOptions ClusterRegistryOptions(NodeSettings node);

    /// <summary>The health of this node as the agent reports it: null when the agent does not answer.</summary>
    Task<NodeHealthSummary?> GetHealthAsync(NodeSettings node, CancellationToken ct);
}

/// <summary>
/// The agent's view of this node's health ("running" or "degraded", and the failing probes) and of every node of the
/// cluster its report lists (name to "running", "degraded" or "offline").
/// </summary>
public sealed record NodeHealthSummary(string Status, IReadOnlyList<string> FailedProbes)
{
    public IReadOnlyDictionary<string, string> Nodes { get; init; } = new Dictionary<string, string>();
}
