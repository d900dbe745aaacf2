using Gravity.Manifest;

namespace Gravity.Cluster.Nodes;

/// <summary>
/// What the node's profile and the manifest's systemOptions (global, overridden per profile) ask of its Kubernetes
/// components: fixed into the node record by install and join, so the agent needs nothing but the record.
/// </summary>
public sealed record KubernetesNodeOptions
{
    /// <summary>The profile's labels, as written (the kubelet registers those it may set, see Runtime.Services.KubeletService).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The profile's taints: the kubelet registers the node with them (the dedicated control-plane taint among them).</summary>
    public IReadOnlyList<Taint> Taints { get; init; } = [];
    /// <summary>systemOptions.kubelet.args: appended to the kubelet's own, so they win.</summary>
    public IReadOnlyList<string> KubeletArgs { get; init; } = [];
    /// <summary>systemOptions.kubelet.hairpinMode (promiscuous-bridge, hairpin-veth or none); null: the kubelet's default.</summary>
    public string? HairpinMode { get; init; }
    /// <summary>systemOptions.allowPrivileged: kube-apiserver's --allow-privileged.</summary>
    public bool AllowPrivileged { get; init; }

    public static KubernetesNodeOptions From(AppManifest manifest, NodeProfile profile)
    {
        var system = manifest.SystemOptionsFor(profile);
        return new KubernetesNodeOptions
        {
            Labels = profile.Labels,
            Taints = profile.Taints,
            KubeletArgs = system.Kubelet?.Args ?? [],
            HairpinMode = system.Kubelet?.HairpinMode,
            AllowPrivileged = system.AllowPrivileged,
        };
    }
}
