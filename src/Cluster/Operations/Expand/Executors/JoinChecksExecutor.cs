using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Preflight;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>/checks of a join: the preflight checks of the node's profile, the same checks and messages as the install's, before anything changes.</summary>
public sealed class JoinChecksExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var profile = join.Manifest().FindProfile(join.Node.Role)
            ?? throw new GravityException($"the application has no node profile \"{join.Node.Role}\"");
        var failures = await join.Runtime.RunPreflightAsync(join.Node, join.Config.SkippedChecks, profile, Space, ct);
        if (failures.Count > 0)
            throw new GravityException($"{failures.Count} preflight check(s) of profile {profile.Name} failed on this node:{Environment.NewLine}  " +
                                       string.Join(Environment.NewLine + "  ", failures));
        if (join.Config.SkippedChecks.Count > 0) context.Log($"skipped on request: {string.Join(", ", join.Config.SkippedChecks)}");
    }

    /// <summary>Room for etcd, containerd and the logs (a master's copy of the registry is checked by the sync itself as it writes).</summary>
    public static readonly StateSpaceRequirement Space = new(ChecksExecutor.ServiceMargin, $"{ByteSize.Format(ChecksExecutor.ServiceMargin)} for etcd, containerd and the logs");

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
