using System.Text.Json.Nodes;
using Gravity.Core.Processes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The kubelet test double runs Jobs' pods for real, through containerd and runc, against the API server double.</summary>
public sealed class KubeletTestDoubleTests : IAsyncLifetime
{
    private KubeletTestDoubleHarness _h = null!;

    public async Task InitializeAsync() => _h = await KubeletTestDoubleHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [RequiresKubeletFact]
    public async Task A_job_runs_its_init_container_then_its_container_with_env_host_path_and_empty_dir_and_completes()
    {
        var output = _h.Dir.Combine("output");
        Directory.CreateDirectory(output);
        var created = _h.CreateJob("hello", $$$$"""
            {"backoffLimit": 0, "template": {"metadata": {"labels": {"app": "hook"}}, "spec": {"restartPolicy": "Never",
              "volumes": [{"name": "out", "hostPath": {"path": "{{{{output}}}}"}}, {"name": "scratch", "emptyDir": {}}],
              "initContainers": [{"name": "prepare", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "echo prepared > /scratch/note"],
                "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}]}],
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c"],
                "args": ["echo greeting=$GREETING; cat /scratch/note; echo to-stderr >&2; echo written > /out/result.txt"],
                "env": [{"name": "GREETING", "value": "hello from the job"}],
                "volumeMounts": [{"name": "out", "mountPath": "/out"}, {"name": "scratch", "mountPath": "/scratch"}]}]}}}
            """);

        var job = await _h.WaitForEndAsync("hello");

        KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Should().Be(("Complete", (string?)null));
        job["status"]!["succeeded"]!.GetValue<int>().Should().Be(1);
        job["status"]!["startTime"].Should().NotBeNull();
        job["status"]!["completionTime"].Should().NotBeNull();
        job["status"]!["active"].Should().BeNull();
        var pod = _h.PodsOf("hello").Should().ContainSingle().Subject;
        var name = pod["metadata"]!["name"]!.GetValue<string>();
        name.Should().MatchRegex("^hello-[a-z0-9]{5}$");
        pod["metadata"]!["labels"]!["controller-uid"]!.GetValue<string>().Should().Be(created["metadata"]!["uid"]!.GetValue<string>());
        pod["metadata"]!["labels"]!["app"]!.GetValue<string>().Should().Be("hook");
        pod["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>().Should().Be(created["metadata"]!["uid"]!.GetValue<string>());
        pod["status"]!["phase"]!.GetValue<string>().Should().Be("Succeeded");
        foreach (var field in new[] { "initContainerStatuses", "containerStatuses" })
        {
            var terminated = pod["status"]![field]![0]!["state"]!["terminated"]!;
            (terminated["exitCode"]!.GetValue<int>(), terminated["reason"]!.GetValue<string>()).Should().Be((0, "Completed"));
        }
        var log = _h.Log(name, "main");
        log.Should().Contain("greeting=hello from the job\n").And.Contain("prepared\n").And.Contain("to-stderr\n");
        File.ReadAllText(Path.Combine(output, "result.txt")).Should().Be("written\n");
        (await _h.Kubelet.Runtime.ContainersAsync()).Should().BeEmpty("ctr run --rm removed them");
        _h.Kubelet.Failures.Should().BeEmpty();
    }

    [RequiresKubeletFact]
    public async Task A_job_whose_container_exits_3_fails_with_BackoffLimitExceeded_and_keeps_its_log()
    {
        _h.CreateJob("broken", $$$$"""
            {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "echo about to fail; exit 3"]}]}}}
            """);

        var job = await _h.WaitForEndAsync("broken");

        KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Should().Be(("Failed", "BackoffLimitExceeded"));
        job["status"]!["failed"]!.GetValue<int>().Should().Be(1);
        job["status"]!["succeeded"].Should().BeNull();
        var pod = _h.PodsOf("broken").Should().ContainSingle().Subject;
        pod["status"]!["phase"]!.GetValue<string>().Should().Be("Failed");
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        (terminated["exitCode"]!.GetValue<int>(), terminated["reason"]!.GetValue<string>()).Should().Be((3, "Error"));
        _h.Log(pod["metadata"]!["name"]!.GetValue<string>(), "main").Should().Be("about to fail\n");
    }

    [RequiresKubeletFact]
    public async Task A_failing_job_is_retried_up_to_its_backoff_limit_with_a_new_pod_each_time()
    {
        _h.CreateJob("retried", $$$$"""
            {"backoffLimit": 2, "template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "exit 1"]}]}}}
            """);

        var job = await _h.WaitForEndAsync("retried");

        KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Should().Be(("Failed", "BackoffLimitExceeded"));
        job["status"]!["failed"]!.GetValue<int>().Should().Be(3);
        _h.PodsOf("retried").Should().HaveCount(3).And.OnlyContain(p => p["status"]!["phase"]!.GetValue<string>() == "Failed");
    }

    [RequiresKubeletFact]
    public async Task A_job_that_runs_past_its_active_deadline_is_killed_and_fails_with_DeadlineExceeded()
    {
        _h.CreateJob("hangs", $$$$"""
            {"backoffLimit": 0, "activeDeadlineSeconds": 2, "template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "echo started; sleep 600"]}]}}}
            """);

        var job = await _h.WaitForEndAsync("hangs");

        KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Should().Be(("Failed", "DeadlineExceeded"));
        var pod = _h.PodsOf("hangs").Should().ContainSingle().Subject;
        pod["status"]!["phase"]!.GetValue<string>().Should().Be("Failed");
        pod["status"]!["reason"]!.GetValue<string>().Should().Be("DeadlineExceeded");
        pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<int>().Should().Be(137);
        _h.Log(pod["metadata"]!["name"]!.GetValue<string>(), "main").Should().Be("started\n");
        (await _h.Kubelet.Runtime.ContainersAsync()).Should().BeEmpty("the killed container was removed");
        var tasks = await _h.Containerd.CtrAsync("--namespace", "kubelet-test-double", "tasks", "ls", "-q");
        tasks.StdOut.Trim().Should().BeEmpty();
    }

    [RequiresKubeletFact]
    public async Task A_pod_asking_for_what_the_double_does_not_support_fails_saying_which_field()
    {
        _h.CreateJob("unsupported", $$$$"""
            {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
              "volumes": [{"name": "settings", "configMap": {"name": "settings"}}],
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["true"]}]}}}
            """);
        _h.CreateJob("value-from", $$$$"""
            {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["true"],
                "env": [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}]}}}
            """);

        foreach (var (name, field) in new[] { ("unsupported", "spec.volumes[settings]"), ("value-from", "spec.containers[main].env[PASSWORD].valueFrom") })
        {
            var job = await _h.WaitForEndAsync(name);
            KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Type.Should().Be("Failed");
            var pod = _h.PodsOf(name).Should().ContainSingle().Subject;
            pod["status"]!["reason"]!.GetValue<string>().Should().Be("CreateContainerConfigError");
            pod["status"]!["message"]!.GetValue<string>().Should().StartWith(field);
            _h.Log(pod["metadata"]!["name"]!.GetValue<string>(), "main").Should().Contain(field);
        }
    }

    [RequiresKubeletFact]
    public async Task Disposing_the_double_kills_what_runs_and_leaves_no_containers_images_or_namespace_behind()
    {
        _h.CreateJob("long", $$$$"""
            {"template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "echo running; sleep 600"]}]}}}
            """);
        await _h.WaitForJobAsync("long", _ => _h.PodsOf("long") is [var p] && _h.Log(p["metadata"]!["name"]!.GetValue<string>(), "main").Contains("running"));

        await _h.StopKubeletAsync();

        var ns = "kubelet-test-double";
        (await _h.Containerd.CtrAsync("--namespace", ns, "containers", "ls", "-q")).StdOut.Trim().Should().BeEmpty();
        (await _h.Containerd.CtrAsync("--namespace", ns, "images", "ls", "-q")).StdOut.Trim().Should().BeEmpty();
        (await _h.Containerd.CtrAsync("--namespace", ns, "snapshots", "ls")).StdOut.Trim().Split('\n').Should().HaveCount(1, "only the header is left");
        (await _h.Containerd.CtrAsync("namespaces", "ls", "-q")).StdOut.Should().NotContain(ns);
        (await ProcessRunner.RunAsync("pgrep", ["-f", "sleep 600"])).StdOut.Trim().Should().BeEmpty("the container's process was killed");
    }

    [RequiresKubeletFact(kubectl: true)]
    public async Task A_hook_container_runs_kubectl_with_the_pod_service_account_and_kubectl_logs_shows_its_output()
    {
        _h.CreateJob("kubectl-hook", $$$$"""
            {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
              "volumes": [{"name": "kubectl", "hostPath": {"path": "{{{{KubernetesTools.KubectlPath}}}}", "type": "File"}}],
              "containers": [{"name": "hook", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c"],
                "args": ["printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: from-hook}\\ndata: {made: inside}\\n' | kubectl apply -f - && kubectl get configmap from-hook -o jsonpath='{.data.made}' && echo"],
                "env": [{"name": "HOME", "value": "/tmp"}],
                "volumeMounts": [{"name": "kubectl", "mountPath": "/usr/local/bin/kubectl", "readOnly": true}]}]}}}
            """);

        var job = await _h.WaitForEndAsync("kubectl-hook");

        var pod = _h.PodsOf("kubectl-hook").Should().ContainSingle().Subject["metadata"]!["name"]!.GetValue<string>();
        KubeletTestDoubleHarness.Conditions(job).Should().ContainSingle().Which.Type.Should().Be("Complete", _h.Log(pod, "hook"));
        _h.Api.Store.Get(_h.Api.Store.Catalog.All.Single(t => t.Kind == "ConfigMap"), KubeletTestDoubleHarness.Namespace, "from-hook")!["data"]!["made"]!
            .GetValue<string>().Should().Be("inside", "kubectl in the container reached the API server double with the pod's service account token");

        Directory.CreateDirectory(_h.Dir.Combine("home"));
        var kubectl = new Kubectl(_h.Api.WriteKubeconfig(_h.Dir.Combine("kubeconfig")), _h.Dir.Combine("home"));
        var byJob = await kubectl.RunAsync("logs", "-n", KubeletTestDoubleHarness.Namespace, "job/kubectl-hook");
        byJob.Succeeded.Should().BeTrue(byJob.Combined);
        byJob.StdOut.Should().Contain("configmap/from-hook created").And.Contain("inside");
        var byPod = await kubectl.RunAsync("logs", "-n", KubeletTestDoubleHarness.Namespace, pod);
        byPod.StdOut.TrimEnd().Should().Be(_h.Log(pod, "hook").TrimEnd());
        var wait = await kubectl.RunAsync("wait", "-n", KubeletTestDoubleHarness.Namespace, "--for=condition=complete", "job/kubectl-hook", "--timeout=30s");
        wait.Succeeded.Should().BeTrue(wait.Combined);
    }

    [RequiresKubeletFact]
    public async Task Deleting_a_running_job_kills_its_container_and_deletes_its_pod()
    {
        _h.CreateJob("deleted", $$$$"""
            {"template": {"spec": {"restartPolicy": "Never",
              "containers": [{"name": "main", "image": "{{{{_h.Image}}}}", "command": ["sh", "-c", "echo running; sleep 600"]}]}}}
            """);
        await _h.WaitForJobAsync("deleted", _ => _h.PodsOf("deleted") is [var p] && _h.Log(p["metadata"]!["name"]!.GetValue<string>(), "main").Contains("running"));

        _h.Api.Store.Delete(KubeletStoreWriter.Jobs, KubeletTestDoubleHarness.Namespace, "deleted");

        var until = DateTime.UtcNow.AddMinutes(2);
        while ((_h.PodsOf("deleted").Count > 0 || (await _h.Kubelet.Runtime.ContainersAsync()).Count > 0) && DateTime.UtcNow < until) await Task.Delay(100);
        _h.PodsOf("deleted").Should().BeEmpty();
        (await _h.Kubelet.Runtime.ContainersAsync()).Should().BeEmpty();
        _h.Kubelet.Failures.Should().BeEmpty();
    }
}
