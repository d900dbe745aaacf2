using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Services;
using Gravity.Core.Processes;
using Gravity.Health.Probes;

namespace Gravity.Cluster.Runtime;

/// <summary>The probes of a node: one per runtime service, plus the disk space of the state folder.</summary>
public static class RuntimeProbes
{
    /// <param name="services">The services the agent runs: each Kubernetes component among them gets its probe, under its own name.</param>
    /// <param name="kubernetesHttp">The client of the Kubernetes components' health endpoints.</param>
    public static IReadOnlyList<IProbe> Create(NodeAgentConfig config, StateFolder layout, HttpClient http, IReadOnlySet<string> services, HttpClient kubernetesHttp)
    {
        var probes = new List<IProbe>
        {
            new HttpProbe("etcd-healthz", EtcdService.HealthUrl(config.Node), http, EtcdHealthy),
        };
        if (config.Node.Master)
            probes.Add(new HttpProbe("registry", RegistryService.ProbeUrl(config.Node), http, (status, _) => status is 200 or 401 ? null : $"HTTP {status}"));
        if (config.RunContainerd)
            probes.Add(new CommandProbe("containerd", ProcessRunner.Which("ctr") ?? "ctr", ContainerdService.CtrArgs(layout, "version"), TimeSpan.FromSeconds(5)));
        var node = config.Node;
        foreach (var (name, url) in new[]
                 {
                     (KubeApiServerService.Name, KubeApiServerService.HealthUrl(node)),
                     (KubeControllerManagerService.Name, KubeControllerManagerService.HealthUrl(node)),
                     (KubeSchedulerService.Name, KubeSchedulerService.HealthUrl(node)),
                     (KubeletService.Name, KubeletService.HealthUrl(node)),
                     (KubeProxyService.Name, KubeProxyService.HealthUrl(node)),
                 })
            if (services.Contains(name)) probes.Add(new HttpProbe(name, url, kubernetesHttp));
        probes.Add(new DiskSpaceProbe(config.Node.StateDir));
        // Time drift between nodes needs a second node to compare with: it arrives with join, not faked here.
        return probes;
    }

    private static string? EtcdHealthy(int status, string body)
        => status == 200 && body.Replace(" ", "").Contains("\"health\":\"true\"", StringComparison.Ordinal) ? null : $"HTTP {status}: {body.Trim()}";
}
