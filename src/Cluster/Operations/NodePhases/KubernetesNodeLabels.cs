using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Services;
using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Kubernetes.Nodes;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>
/// The profile's labels a kubelet may not set on its own node (node-role.kubernetes.io/master among them, the guide's
/// "Node Roles"; <see cref="KubeletService.RestrictedLabels"/>), applied to the node's Kubernetes Node with the admin's
/// credentials once its kubelet has registered it. Labels only, merged: setting them again changes nothing, and labels
/// others set stay. The profile's taints need no help: the kubelet registers the node with them.
/// </summary>
public static class KubernetesNodeLabels
{
    public static readonly TimeSpan RegistrationTimeout = TimeSpan.FromMinutes(2);

    public static async Task ApplyAsync(KubernetesApiConnection api, NodeSettings node, TimeProvider time, Action<string> log, CancellationToken ct)
    {
        var labels = KubeletService.RestrictedLabels(node);
        if (labels.Count == 0) return;
        var shown = string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"));
        if (!KubernetesServices.Packaged(node.Folder, KubeletService.Name))
        {
            log($"this node runs no kubelet, so Kubernetes has no node {node.NodeName} to label {shown}");
            return;
        }
        var scheduling = new NodeScheduling(api);
        var deadline = time.GetUtcNow() + RegistrationTimeout;
        while (await scheduling.TryReadAsync(node.NodeName, ct) is null)
        {
            if (time.GetUtcNow() >= deadline)
                throw new GravityException($"the kubelet of {node.NodeName} has not registered its Kubernetes node within {RegistrationTimeout.TotalMinutes:0} min, " +
                                           $"so its labels {shown} cannot be set (its kubelet is not running, or cannot reach the Kubernetes API)");
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
        }
        if (await scheduling.LabelAsync(node.NodeName, labels, ct)) log($"Kubernetes node {node.NodeName} labelled {shown}");
        else log($"Kubernetes node {node.NodeName} has its labels {shown} already");
    }
}
