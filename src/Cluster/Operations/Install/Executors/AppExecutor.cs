using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Cluster.Operations.Install;
using Gravity.Kubernetes;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>
/// /app: the application's Kubernetes resources and its install hooks, through the node's Kubernetes API (its admin
/// kubeconfig, <see cref="NodeKubernetes"/>). An application with no resources (other than ImageSets) and no install
/// hooks installs without Kubernetes (its images are in the cluster registry for containerd); one that needs Kubernetes
/// on a node without it fails saying so. Otherwise: kube-system/cluster-info, every resource and chart applied
/// (<see cref="ResourceApplier"/>: namespaces and CRDs first), then the install hook, then postInstall. Applying again is
/// harmless, so a resumed /app applies again; a hook that completed (<see cref="CompletedHooks"/>) is not run again.
/// First, on a node with Kubernetes, the installer node's Node gets the profile's labels its kubelet may not set
/// (<see cref="KubernetesNodeLabels"/>).
/// </summary>
public sealed class AppExecutor(InstallPhaseContext install, TimeProvider? time = null) : IPhaseExecutor
{
    public const string Provider = "onprem";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        using (var kubernetes = NodeKubernetes.TryConnect(install.Layout))
            if (kubernetes is not null) await KubernetesNodeLabels.ApplyAsync(kubernetes, install.Config.Node, _time, context.Log, ct);
        var image = await install.OpenImage(ct);
        var neededBy = KubernetesRequirement.NeededBy(image);
        if (neededBy.Count == 0)
        {
            context.Log(image.Head.Resources.Count > 0
                ? $"the application's resources are only ImageSets ({string.Join(", ", image.Head.Resources)}) and it has no install hooks: nothing to apply"
                : "the application has no Kubernetes resources and no install hooks: nothing to apply");
            return;
        }
        using var api = NodeKubernetes.TryConnect(install.Layout)
            // /checks refuses this before anything starts; kept here for plans recorded by earlier builds.
            ?? throw new GravityException($"{KubernetesRequirement.Missing(install.Config.AppName, install.Config.AppVersion, neededBy, runtimeHasKubernetes: false)}. " +
                                          $"The runtime services and the images in the cluster registry are ready, but this node has no Kubernetes ({install.Layout.AdminKubeconfig} is missing); " +
                                          "use an image whose runtime includes Kubernetes to install this application.");

        var resources = await ApplicationResources.ReadAsync(image, ct);
        foreach (var left in resources.LeftOut) context.Log($"not applied: {left}");
        var objects = new List<ApplicationObject>(ClusterInfoConfigMap.Objects(install.Config.Node.ClusterName, install.Config.Flavor, Provider));
        objects.AddRange(resources.Objects);
        foreach (var chart in resources.Charts)
        {
            var rendered = await ApplicationChartRenderer.RenderAsync(install.Layout.RuntimeBinary("helm"),
                Path.Combine(image.Dir, ClusterImageLayout.ResourcePath(chart)), chart, install.Config.AppName, KubernetesVersion(image), ct);
            context.Log($"Helm chart {(chart.Length == 0 ? "." : chart)}: {rendered.Count} object(s) rendered");
            objects.AddRange(rendered);
        }
        var applied = await new ResourceApplier(api, _time).ApplyAsync(objects, install.Config.Node.ServiceUid, context.Log, ct);
        context.Log($"applied {applied} object(s)");

        var hooks = new ApplicationHooks(api, install.Config.Node, install.Config.AppName, install.Config.AppVersion, _time);
        var completed = new CompletedHooks(install.Layout, context.Plan.OperationId);
        foreach (var hook in KubernetesRequirement.InstallHooks)
        {
            if (image.Manifest.FindHook(hook) is null) continue;
            if (completed.Contains(hook))
            {
                context.Log($"hook {hook} has completed already in this operation: not run again");
                continue;
            }
            await hooks.RunAsync(image.Manifest, hook, context.Log, ct, context.Plan.OperationId);
            await completed.AddAsync(hook);
        }
    }

    /// <summary>The Kubernetes version of this node's runtime package (charts render for it), else the one tele builds for.</summary>
    private string KubernetesVersion(UnpackedClusterImage image) =>
        image.Head.RuntimePackages.TryGetValue(install.Config.Node.Role, out var package) && package.KubernetesVersion.Length > 0
            ? package.KubernetesVersion
            : Packaging.Discovery.Helm.Rendering.RuntimeKubernetes.Version;

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
