using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Executors;

/// <summary>/checks: the preflight checks of the node's profile; any failure stops the install before anything changes.</summary>
public sealed class ChecksExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        var profile = image.Manifest.FindProfile(install.Config.Role)
            ?? throw new GravityException($"the application has no node profile \"{install.Config.Role}\"");
        var failures = await install.Runtime.RunPreflightAsync(install.Config, profile, ct);
        if (failures.Count > 0)
            throw new GravityException($"{failures.Count} preflight check(s) failed:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", failures));
        if (install.Config.SkippedChecks.Count > 0) context.Log($"skipped on request: {string.Join(", ", install.Config.SkippedChecks)}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
