using Gravity.Oci.Registry;

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
    Task<IReadOnlyList<string>> RunPreflightAsync(InstallConfig config, Manifest.NodeProfile profile, Preflight.StateSpaceRequirement stateSpace, CancellationToken ct);

    /// <summary>Creates the cluster CA and this node's certificates under the state folder, when missing.</summary>
    Task EnsureCertificatesAsync(InstallConfig config, CancellationToken ct);

    /// <summary>Folders root's runtime processes write or read (logs, pid files, containerd), created by /bootstrap and kept root's.</summary>
    IReadOnlyList<string> RootFolders(InstallConfig config);

    /// <summary>The data folders of the services that run as the service user, created by /bootstrap and given to that user.</summary>
    IReadOnlyList<string> ServiceUserFolders(InstallConfig config);

    /// <summary>Every entry the runtime creates directly in the state folder (what leave removes, and what an install refuses to find there already).</summary>
    IReadOnlyList<string> CreatedEntries(string stateDir);

    /// <summary>Starts the node agent in the background (no-op when it already runs).</summary>
    Task StartAgentAsync(InstallConfig config, CancellationToken ct);

    /// <summary>Waits until the agent reports every runtime service healthy; throws with the failing probes on timeout.</summary>
    Task WaitHealthyAsync(InstallConfig config, TimeSpan timeout, CancellationToken ct);

    /// <summary>Stops the node agent and every service it runs (no-op when nothing runs).</summary>
    Task StopAgentAsync(InstallConfig config, CancellationToken ct);

    /// <summary>Undoes what the runtime changed on the host outside the state folder (the /etc/hosts entry of the cluster registry).</summary>
    Task RemoveHostChangesAsync(InstallConfig config, CancellationToken ct);

    /// <summary>How to talk to the cluster registry on this node.</summary>
    RegistryClientOptions ClusterRegistryOptions(InstallConfig config);

    /// <summary>The health of this node as the agent reports it: null when the agent does not answer.</summary>
    Task<NodeHealthSummary?> GetHealthAsync(InstallConfig config, CancellationToken ct);
}

/// <summary>The agent's view of this node's health: "running" or "degraded", and the failing probes.</summary>
public sealed record NodeHealthSummary(string Status, IReadOnlyList<string> FailedProbes);
