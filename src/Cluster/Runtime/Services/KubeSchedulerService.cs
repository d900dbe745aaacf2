using System.Globalization;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>kube-scheduler on a master: its own kubeconfig (system:kube-scheduler), leader election, /healthz on 127.0.0.1 with the node certificate.</summary>
public static class KubeSchedulerService
{
    public const string Name = "kube-scheduler";

    public static ServiceDefinition Define(NodeSettings node, StateFolder layout, KubernetesPki pki) => new(Name, layout.RuntimeBinary(Name),
    [
        $"--kubeconfig={layout.SchedulerKubeconfig}",
        $"--authentication-kubeconfig={layout.SchedulerKubeconfig}",
        $"--authorization-kubeconfig={layout.SchedulerKubeconfig}",
        "--bind-address=127.0.0.1",
        $"--secure-port={node.KubernetesPorts.Scheduler.ToString(CultureInfo.InvariantCulture)}",
        $"--tls-cert-file={pki.Cluster.NodeCertPath}",
        $"--tls-private-key-file={pki.Cluster.NodeKeyPath}",
        "--leader-elect=true",
        "--profiling=false",
    ]);

    public static Uri HealthUrl(NodeSettings node) => new($"https://127.0.0.1:{node.KubernetesPorts.Scheduler}/healthz");
}
