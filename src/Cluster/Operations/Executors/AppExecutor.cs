using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Executors;

/// <summary>
/// /app: the application's Kubernetes resources and its install hooks. Both need a Kubernetes API server. The rule:
/// an application with no resources (other than ImageSets) and no install hooks installs without Kubernetes (its images are in the cluster
/// registry for containerd); otherwise, without a Kubernetes API the phase fails saying so.
/// </summary>
public sealed class AppExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public static readonly IReadOnlyList<string> InstallHooks = ["install", "postInstall"];

    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        // ImageSets only list images for tele: they are not applied, so they need no Kubernetes.
        var resources = image.Head.Resources.Where(r => !ImageSetOnlyResources.IsImageSetsOnly(image.Dir, r)).ToList();
        var hooks = InstallHooks.Where(h => image.Manifest.FindHook(h) is not null).ToList();
        if (resources.Count == 0 && hooks.Count == 0)
        {
            context.Log(image.Head.Resources.Count > 0
                ? $"the application's resources are only ImageSets ({string.Join(", ", image.Head.Resources)}) and it has no install hooks: nothing to apply"
                : "the application has no Kubernetes resources and no install hooks: nothing to apply");
            return;
        }
        var what = new List<string>();
        if (resources.Count > 0) what.Add($"{resources.Count} Kubernetes resource file(s) ({string.Join(", ", resources.Take(3))}{(resources.Count > 3 ? ", ..." : "")})");
        if (hooks.Count > 0) what.Add($"install hook(s) {string.Join(", ", hooks)}");
        if (install.Config.KubernetesApi is null)
            throw new GravityException(
                $"the application {install.Config.AppName}:{install.Config.AppVersion} has {string.Join(" and ", what)}: applying them needs Kubernetes, " +
                "and this cluster has no Kubernetes API server (the cluster image's runtime package carries no Kubernetes control plane). " +
                "The runtime services and the images in the cluster registry are ready; use an image whose runtime includes Kubernetes to install this application.");
        throw new GravityException($"applying resources through the Kubernetes API at {install.Config.KubernetesApi} is not supported by this gravity build");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
