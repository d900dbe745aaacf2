using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>
/// /app: the application's Kubernetes resources and its install hooks. Both need a Kubernetes API server. The rule:
/// an application with no resources (other than ImageSets) and no install hooks installs without Kubernetes (its images are in the cluster
/// registry for containerd); otherwise, without a Kubernetes API the phase fails saying so.
/// </summary>
public sealed class AppExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        var neededBy = KubernetesRequirement.NeededBy(image);
        if (neededBy.Count == 0)
        {
            context.Log(image.Head.Resources.Count > 0
                ? $"the application's resources are only ImageSets ({string.Join(", ", image.Head.Resources)}) and it has no install hooks: nothing to apply"
                : "the application has no Kubernetes resources and no install hooks: nothing to apply");
            return;
        }
        // /checks refuses this before anything starts; kept here for plans recorded by earlier builds.
        if (KubernetesRequirement.Missing(install.Config.AppName, install.Config.AppVersion, neededBy, install.Config.KubernetesApi) is { } missing)
            throw new GravityException($"{missing}. The runtime services and the images in the cluster registry are ready; " +
                                       "use an image whose runtime includes Kubernetes to install this application.");
        throw new GravityException($"applying resources through the Kubernetes API at {install.Config.KubernetesApi} is not supported by this gravity build");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
