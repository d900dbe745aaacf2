using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// The Kubernetes components the agent runs, each when the cluster image's runtime package carries its binary
/// (&lt;state-dir&gt;/runtime/bin/NAME; never one from the host): on a master kube-apiserver, kube-controller-manager and
/// kube-scheduler, on every node kubelet and kube-proxy. A master issues their certificates from the cluster CA and
/// writes their kubeconfigs (and the admin's) at every start. A regular node has no CA key: its kubelet and kube-proxy
/// start once their kubeconfigs are there (the join writes them with certificates the master signed; docs/runtime.md).
/// </summary>
public static class KubernetesServices
{
    public static readonly IReadOnlyList<string> ControlPlane = [KubeApiServerService.Name, KubeControllerManagerService.Name, KubeSchedulerService.Name];
    public static readonly IReadOnlyList<string> EveryNode = [KubeletService.Name, KubeProxyService.Name];

    public static bool Packaged(StateFolder layout, string component) => File.Exists(layout.RuntimeBinary(component));

    public static async Task<IReadOnlyList<ServiceDefinition>> DefineAsync(NodeSettings node, StateFolder layout, ClusterPki cluster)
    {
        var packaged = ControlPlane.Concat(EveryNode).Where(c => Packaged(layout, c)).ToHashSet(StringComparer.Ordinal);
        if (packaged.Count == 0) return [];
        var pki = new KubernetesPki(cluster);
        if (node.Master)
        {
            await pki.EnsureAsync(node.NodeName, node.AdvertiseAddr);
            await WriteKubeconfigsAsync(node, layout, pki);
        }
        return Define(node, layout, pki, packaged);
    }

    /// <summary>The definitions of the packaged components this node runs (no files touched).</summary>
    public static IReadOnlyList<ServiceDefinition> Define(NodeSettings node, StateFolder layout, KubernetesPki pki, IReadOnlySet<string> packaged)
    {
        var services = new List<ServiceDefinition>();
        if (node.Master)
        {
            if (packaged.Contains(KubeApiServerService.Name)) services.Add(KubeApiServerService.Define(node, layout, pki));
            if (packaged.Contains(KubeControllerManagerService.Name)) services.Add(KubeControllerManagerService.Define(node, layout, pki));
            if (packaged.Contains(KubeSchedulerService.Name)) services.Add(KubeSchedulerService.Define(node, layout, pki));
        }
        if (packaged.Contains(KubeletService.Name) && (node.Master || File.Exists(layout.KubeletKubeconfig))) services.Add(KubeletService.Define(node, layout));
        if (packaged.Contains(KubeProxyService.Name) && (node.Master || File.Exists(layout.KubeProxyKubeconfig))) services.Add(KubeProxyService.Define(node, layout));
        return services;
    }

    private static async Task WriteKubeconfigsAsync(NodeSettings node, StateFolder layout, KubernetesPki pki)
    {
        Directory.CreateDirectory(layout.KubernetesDir);
        var api = node.KubernetesApiUrl;
        await KubeconfigFile.WriteAsync(layout.AdminKubeconfig, api, pki.Admin, KubernetesPki.AdminUser);
        await KubeconfigFile.WriteAsync(layout.KubeletKubeconfig, api, pki.Kubelet, $"system:node:{node.NodeName}");
        await KubeconfigFile.WriteAsync(layout.KubeProxyKubeconfig, api, pki.KubeProxy, "system:kube-proxy");
        await KubeconfigFile.WriteAsync(layout.ControllerManagerKubeconfig, api, pki.ControllerManager, "system:kube-controller-manager");
        await KubeconfigFile.WriteAsync(layout.SchedulerKubeconfig, api, pki.Scheduler, "system:kube-scheduler");
    }
}
