using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Preflight;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>
/// /checks: what the application needs from this node's runtime (<see cref="KubernetesRequirement"/>), then the preflight
/// checks of the node's profile; any failure stops the install before anything changes.
/// </summary>
public sealed class ChecksExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        EnsureRuntimeCanInstall(image, install.Config);
        var profile = image.Manifest.FindProfile(install.Config.Node.Role)
            ?? throw new GravityException($"the application has no node profile \"{install.Config.Node.Role}\"");
        var failures = await install.Runtime.RunPreflightAsync(install.Config.Node, install.Config.SkippedChecks, profile, StateSpace(image), ct);
        if (failures.Count > 0)
            throw new GravityException($"{failures.Count} preflight check(s) failed:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", failures));
        if (install.Config.SkippedChecks.Count > 0) context.Log($"skipped on request: {string.Join(", ", install.Config.SkippedChecks)}");
    }

    /// <summary>Room for etcd (its write-ahead log alone preallocates 64 MiB), containerd's state and the logs, besides the images.</summary>
    public const long ServiceMargin = 512L << 20;

    /// <summary>The image payload goes into the cluster registry under the state folder; the services need a margin besides.</summary>
    public static StateSpaceRequirement StateSpace(UnpackedClusterImage image)
    {
        var payload = image.Head.Entries.Sum(e => e.Size);
        return new StateSpaceRequirement(payload + ServiceMargin,
            $"{ByteSize.Format(payload)} of image payload for the cluster registry and {ByteSize.Format(ServiceMargin)} for etcd, containerd and the logs");
    }

    /// <summary>Refuses an application that needs something the runtime lacks; the installer calls it too, before it records the operation.</summary>
    public static void EnsureRuntimeCanInstall(UnpackedClusterImage image, InstallConfig config)
    {
        if (KubernetesRequirement.Missing(config.AppName, config.AppVersion, KubernetesRequirement.NeededBy(image), config.RuntimeHasKubernetes) is { } missing)
            throw new GravityException($"/checks: {missing}. The install cannot finish on this node; nothing was started or written.");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
