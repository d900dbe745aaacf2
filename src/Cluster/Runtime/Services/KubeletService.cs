using System.Globalization;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// The kubelet on every node: on the agent's containerd, registering the node under its name and advertise address
/// with its profile's labels and taints, then the manifest's systemOptions.kubelet (hairpinMode, args last, so they win).
/// </summary>
public static class KubeletService
{
    public const string Name = "kubelet";
    /// <summary>Gravity's role label (gravitational.io/k8s-role: master|node), set on every node by its kubelet.</summary>
    public const string RoleLabel = "gravitational.io/k8s-role";
    public const string DefaultHairpinMode = "promiscuous-bridge";
    /// <summary>Gravity's default hard eviction thresholds (the guide's "Eviction Policies"); a kubelet arg --eviction-hard replaces them.</summary>
    public const string DefaultEvictionHard = "nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%,imagefs.inodesFree<5%";

    public static ServiceDefinition Define(NodeSettings node, StateFolder layout)
    {
        var k8s = node.Kubernetes;
        var labels = RegisteredLabels(node);
        List<string> args =
        [
            $"--kubeconfig={layout.KubeletKubeconfig}",
            $"--container-runtime-endpoint=unix://{layout.ContainerdSocket}",
            $"--root-dir={layout.KubeletRoot}",
            $"--hostname-override={node.NodeName}",
            $"--node-ip={node.AdvertiseAddr}",
            $"--port={node.KubernetesPorts.Kubelet.ToString(CultureInfo.InvariantCulture)}",
            "--healthz-bind-address=127.0.0.1",
            $"--healthz-port={node.KubernetesPorts.KubeletHealthz.ToString(CultureInfo.InvariantCulture)}",
            $"--client-ca-file={new Certificates.ClusterPki(node.StateDir).CaCertPath}",
            "--anonymous-auth=false",
            "--authorization-mode=Webhook",
            $"--cluster-domain={NodeDefaults.ClusterDomain}",
            $"--hairpin-mode={k8s.HairpinMode ?? DefaultHairpinMode}",
            $"--eviction-hard={DefaultEvictionHard}",
        ];
        if (labels.Count > 0) args.Add($"--node-labels={string.Join(',', labels.Select(l => $"{l.Key}={l.Value}"))}");
        if (k8s.Taints.Count > 0)
            args.Add($"--register-with-taints={string.Join(',', k8s.Taints.Select(t => string.IsNullOrEmpty(t.Value) ? $"{t.Key}:{t.Effect}" : $"{t.Key}={t.Value}:{t.Effect}"))}");
        args.AddRange(k8s.KubeletArgs);
        return new ServiceDefinition(Name, layout.RuntimeBinary(Name), args);
    }

    /// <summary>
    /// The labels the kubelet registers the node with, sorted: the profile's and the role label, except those in the
    /// kubernetes.io and k8s.io namespaces a kubelet may not set (node-role.kubernetes.io/master among them: the
    /// kubelet refuses to start with one). Those are the /app phase's to apply with the admin's credentials
    /// (<see cref="RestrictedLabels"/>).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RegisteredLabels(NodeSettings node)
        => AllLabels(node).Where(l => KubeletMaySet(l.Key)).ToList();

    /// <summary>The profile's labels the kubelet may not register: to be applied through the API by an administrator.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RestrictedLabels(NodeSettings node)
        => AllLabels(node).Where(l => !KubeletMaySet(l.Key)).ToList();

    private static IEnumerable<KeyValuePair<string, string>> AllLabels(NodeSettings node)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Kubernetes.Labels) labels[key] = value;
        labels[RoleLabel] = node.Master ? "master" : "node";
        return labels;
    }

    private static readonly HashSet<string> KubeletLabels = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
        "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type",
        "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
        "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
    };

    /// <summary>Upstream's rule (kubelet's --node-labels validation and NodeRestriction): the listed labels and the kubelet.kubernetes.io and node.kubernetes.io namespaces.</summary>
    public static bool KubeletMaySet(string key)
    {
        var slash = key.IndexOf('/');
        if (slash < 0) return true;
        var domain = key[..slash].ToLowerInvariant();
        static bool In(string domain, string ns) => domain == ns || domain.EndsWith("." + ns, StringComparison.Ordinal);
        if (!In(domain, "kubernetes.io") && !In(domain, "k8s.io")) return true;
        return KubeletLabels.Contains(key) || In(domain, "kubelet.kubernetes.io") || In(domain, "node.kubernetes.io");
    }

    public static Uri HealthUrl(NodeSettings node) => new($"http://127.0.0.1:{node.KubernetesPorts.KubeletHealthz}/healthz");
}
