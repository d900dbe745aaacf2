using System.Net;
using System.Text.Json.Nodes;
using Gravity.Agent.Server;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;
using Gravity.Health.Monitoring;
using Gravity.Manifest;
using Gravity.Oci.Content;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>
/// The agent runs the Kubernetes components of its runtime package: here the test doubles (tests/KubernetesDoubles)
/// put into runtime/bin, with the arguments the real binaries get; etcd, the registry and containerd are real.
/// </summary>
public sealed class KubernetesControlPlaneTests
{
    private static readonly string[] Components = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"];

    [RequiresKubeletFact(kubectl: true)]
    public async Task A_master_runs_the_control_plane_and_kubelet_which_registers_the_node_with_its_profiles_labels_and_taints_and_a_killed_api_server_comes_back()
    {
        using var node = new AgentTestNode();
        var config = node.Config with
        {
            Node = node.Config.Node with
            {
                KubernetesPorts = new KubernetesPorts
                {
                    ApiServer = FreePort.Next(), Kubelet = FreePort.Next(), KubeletHealthz = FreePort.Next(), ControllerManager = FreePort.Next(),
                    Scheduler = FreePort.Next(), KubeProxyHealthz = FreePort.Next(), KubeProxyMetrics = FreePort.Next(),
                },
                Kubernetes = new KubernetesNodeOptions
                {
                    Labels = new Dictionary<string, string> { ["role"] = "db", ["node-role.kubernetes.io/master"] = "true" },
                    Taints =
                    [
                        new Taint { Key = "node-role.kubernetes.io/master", Effect = "NoSchedule" },
                        new Taint { Key = "custom-taint", Value = "custom-value", Effect = "NoExecute" },
                    ],
                },
            },
        };
        KubernetesTestDoubleBinaries.Install(node.Layout.RuntimeBin);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var agent = Task.Run(() => NodeAgent.RunAsync(config, new AgentApiServer(), cts.Token,
            new SupervisorOptions { InitialBackoff = TimeSpan.FromSeconds(3) }));
        try
        {
            var healthy = await WaitAsync(node, r => r.Status == "running" && Components.All(c => Probe(r, c)?.Status == "running"), TimeSpan.FromSeconds(120));
            healthy.Nodes.Single().Probes.Select(p => p.Checker).Should().Contain(Components);

            foreach (var file in new[] { node.Layout.AdminKubeconfig, node.Layout.KubeletKubeconfig, node.Layout.KubeProxyKubeconfig,
                                         node.Layout.ControllerManagerKubeconfig, node.Layout.SchedulerKubeconfig })
            {
                File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
                (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", file])).StdOut.Trim().Should().Be("0:0", file);
            }

            var nodes = await GetNodesAsync(node);
            var registered = nodes.Should().ContainSingle().Subject!;
            registered["metadata"]!["name"]!.GetValue<string>().Should().Be("node-1");
            var labels = registered["metadata"]!["labels"]!.AsObject();
            labels["role"]!.GetValue<string>().Should().Be("db");
            labels["gravitational.io/k8s-role"]!.GetValue<string>().Should().Be("master");
            labels.ContainsKey("node-role.kubernetes.io/master").Should().BeFalse("a kubelet may not set node-role labels: /app applies them");
            registered["spec"]!["taints"]!.AsArray().Select(t => $"{t!["key"]}={t["value"]}:{t["effect"]}")
                .Should().BeEquivalentTo("node-role.kubernetes.io/master=:NoSchedule", "custom-taint=custom-value:NoExecute");

            await AJobRunsThroughTheNodesContainerdAsync(node);

            // While the program cannot start (its binary exits at once), the probe must show the failure: without that,
            // a restart quicker than a probe round would hide the kill from the test and the assertion would race it.
            var binary = node.Layout.RuntimeBinary("kube-apiserver");
            File.Move(binary, binary + ".test-saved");
            await File.WriteAllTextAsync(binary, "#!/bin/sh\nexit 1\n");
            File.SetUnixFileMode(binary, (UnixFileMode)0b111_101_101);
            var apiPid = PidFile.Read(node.Layout.PidFile("kube-apiserver"))!.Value;
            Signals.Send(apiPid, Signals.SigKill).Should().BeTrue();
            var degraded = await WaitAsync(node, r => Probe(r, "kube-apiserver")?.Status == "failed", TimeSpan.FromSeconds(60));
            Probe(degraded, "kube-apiserver")!.Error.Should().Contain($"127.0.0.1:{config.Node.KubernetesPorts.ApiServer}");
            File.Move(binary + ".test-saved", binary, overwrite: true);

            await WaitAsync(node, r => r.Status == "running" && Components.All(c => Probe(r, c)?.Status == "running"), TimeSpan.FromSeconds(120));
            PidFile.Read(node.Layout.PidFile("kube-apiserver")).Should().NotBe(apiPid, "the supervisor started a new kube-apiserver");
            // The API double keeps its objects in memory: the kubelet registers its node again.
            (await WaitForNodesAsync(node)).Should().ContainSingle();
        }
        finally
        {
            await cts.CancelAsync();
            try { await agent; } catch (OperationCanceledException) { }
        }
        foreach (var component in Components)
            File.Exists(node.Layout.PidFile(component)).Should().BeFalse($"{component} was stopped with the agent");
    }

    /// <summary>A Job created with kubectl runs as a container of the node's containerd, its image pulled from the cluster registry by its cluster name.</summary>
    private static async Task AJobRunsThroughTheNodesContainerdAsync(AgentTestNode node)
    {
        var store = new ContentStore(node.Dir.Combine("store"));
        var image = await BusyboxTestImage.CreateAsync(store);
        var layout = node.Dir.Combine("busybox-oci");
        await TestImageExport.WriteOciLayoutAsync(store, layout, [("latest", image.Manifest)]);
        var certs = Gravity.Cluster.Tests.Certificates.NodeClientCertDir.Create(node.Dir.Path, node.Dir.Combine("client-certs"));
        var registryPort = node.Config.Node.RegistryPort;
        await ProcessRunner.RunCheckedAsync("skopeo", ["copy", "--dest-cert-dir", certs, $"oci:{layout}:latest", $"docker://127.0.0.1:{registryPort}/hooks/busybox:1"], timeout: TimeSpan.FromMinutes(1));

        var job = node.Dir.Combine("job.yaml");
        await File.WriteAllTextAsync(job, $$"""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: hello, namespace: kube-system}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: {{Gravity.Cluster.Certificates.ClusterPki.LeaderName}}:{{registryPort}}/hooks/busybox:1
                    command: ["sh", "-c", "echo hello from $(cat /etc/hostname 2>/dev/null || echo the node)"]
            """);
        (await KubectlAsync(node, "create", "-f", job)).ExitCode.Should().Be(0);
        var wait = await KubectlAsync(node, "wait", "--for=condition=complete", "job/hello", "-n", "kube-system", "--timeout=120s");
        wait.ExitCode.Should().Be(0, $"{wait.Combined}\nlogs: {node.Logs()}");
        var pod = (await KubectlAsync(node, "get", "pods", "-n", "kube-system", "-l", "job-name=hello", "-o", "jsonpath={.items[0].metadata.name}")).StdOut.Trim();
        (await KubectlAsync(node, "logs", "-n", "kube-system", pod)).StdOut.Should().StartWith("hello from");
    }

    private static async Task<ProcessResult> KubectlAsync(AgentTestNode node, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(KubernetesTools.KubectlPath, ["--kubeconfig", node.Layout.AdminKubeconfig, .. args],
            environment: new Dictionary<string, string?> { ["HOME"] = node.Dir.Combine("kubectl-home") }, timeout: TimeSpan.FromMinutes(3));
        result.ExitCode.Should().Be(0, result.Combined);
        return result;
    }

    private static ProbeReport? Probe(HealthReport report, string checker) => report.Nodes.SingleOrDefault()?.Probes.SingleOrDefault(p => p.Checker == checker);

    private static async Task<HealthReport> WaitAsync(AgentTestNode node, Func<HealthReport, bool> wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        HealthReport? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (_, report) = await node.GetHealthAsync();
            last = report ?? last;
            if (report is not null && wanted(report)) return report;
            await Task.Delay(500);
        }
        throw new TimeoutException($"the health report never got there; last: {last?.ToJson()}\nlogs: {node.Logs()}");
    }

    private static async Task<IReadOnlyList<JsonNode?>> GetNodesAsync(AgentTestNode node)
    {
        var result = await ProcessRunner.RunAsync(KubernetesTools.KubectlPath, ["--kubeconfig", node.Layout.AdminKubeconfig, "get", "nodes", "-o", "json"],
            environment: new Dictionary<string, string?> { ["HOME"] = node.Dir.Combine("kubectl-home") }, timeout: TimeSpan.FromMinutes(1));
        result.ExitCode.Should().Be(0, result.Combined);
        return JsonNode.Parse(result.StdOut)!["items"]!.AsArray().ToList();
    }

    private static async Task<IReadOnlyList<JsonNode?>> WaitForNodesAsync(AgentTestNode node)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nodes = await GetNodesAsync(node);
            if (nodes.Count > 0 || attempt >= 60) return nodes;
            await Task.Delay(500);
        }
    }
}
