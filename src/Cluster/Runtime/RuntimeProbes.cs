using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Services;
using Gravity.Core.Processes;
using Gravity.Health.Probes;

namespace Gravity.Cluster.Runtime;

/// <summary>The probes of a node: one per runtime service, plus the disk space of the state folder.</summary>
public static class RuntimeProbes
{
    public static IReadOnlyList<IProbe> Create(NodeAgentConfig config, StateFolder layout, HttpClient http, bool kubernetes)
    {
        var probes = new List<IProbe>
        {
            new HttpProbe("etcd-healthz", EtcdService.HealthUrl(config.Node), http, EtcdHealthy),
        };
        if (config.Node.Master)
            probes.Add(new HttpProbe("registry", RegistryService.ProbeUrl(config.Node), http, (status, _) => status is 200 or 401 ? null : $"HTTP {status}"));
        if (config.RunContainerd)
            probes.Add(new CommandProbe("containerd", ProcessRunner.Which("ctr") ?? "ctr", ContainerdService.CtrArgs(layout, "version"), TimeSpan.FromSeconds(5)));
        if (kubernetes)
        {
            probes.Add(new HttpProbe("kube-apiserver", new Uri($"https://127.0.0.1:{KubernetesServices.ApiServerPort}/healthz"), http));
            probes.Add(new HttpProbe("kubelet", new Uri($"http://127.0.0.1:{KubernetesServices.KubeletHealthPort}/healthz"), http));
        }
        probes.Add(new DiskSpaceProbe(config.Node.StateDir));
        // Time drift between nodes needs a second node to compare with: it arrives with join, not faked here.
        return probes;
    }

    private static string? EtcdHealthy(int status, string body)
        => status == 200 && body.Replace(" ", "").Contains("\"health\":\"true\"", StringComparison.Ordinal) ? null : $"HTTP {status}: {body.Trim()}";
}
