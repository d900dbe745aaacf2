using k8s;
using Gravity.Core;
using Gravity.Kubernetes.Hooks;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Kubernetes.Tests;

/// <summary>Hooks run through the API: logs streamed, failures and deadlines reported with the Job's reason and last lines.</summary>
public sealed class HookRunnerTests : IAsyncLifetime
{
    private KubeletTestDoubleHarness _h = null!;
    private readonly TempDir _dir = new("hook-runner");
    private KubernetesApiConnection _api = null!;

    public async Task InitializeAsync()
    {
        if ((KubeletTestDouble.Unavailable() ?? BusyboxTestImage.Unavailable()) is not null) return; // the tests skip, saying why
        _h = await KubeletTestDoubleHarness.StartAsync();
        _h.EnsureNamespace();
        _api = KubernetesApiConnection.FromKubeconfig(_h.Api.WriteKubeconfig(_dir.Combine("kubeconfig")));
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_h is not null) await _h.DisposeAsync();
        _dir.Dispose();
    }

    private System.Text.Json.Nodes.JsonObject Job(string hook, string script, string extraSpec = "", string? operationId = null) => HookJobBuilder.Build(hook, $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: {{hook.ToLowerInvariant()}}, namespace: {{KubeletTestDoubleHarness.Namespace}}}
        spec:
          backoffLimit: 0
        {{extraSpec}}
          template:
            spec:
              containers:
                - name: main
                  image: {{_h.Image}}
                  command: ["/bin/sh", "-c", "{{script}}"]
        """, new HookJobContext(_dir.Path, KubernetesTools.KubectlPath, KubernetesTools.HelmPath, 1234, new Dictionary<string, string>(), BackupDir: _dir.Combine("backup")), operationId: operationId);

    private Task CreateDirectlyAsync(System.Text.Json.Nodes.JsonObject job) =>
        _api.BatchV1.CreateNamespacedJobAsync(k8s.KubernetesJson.Deserialize<k8s.Models.V1Job>(job.ToJsonString()), KubeletTestDoubleHarness.Namespace);

    private int HookJobs(string hook) =>
        _h.Api.Store.List(KubeletStoreWriter.Jobs, KubeletTestDoubleHarness.Namespace, j => (string?)j["metadata"]?["labels"]?[HookJobBuilder.HookLabel] == hook).Items.Count;

    [RequiresKubeletFact]
    public async Task A_completed_hook_streams_its_log_and_a_status_hooks_job_is_deleted_afterwards()
    {
        var log = new List<string>();
        var job = Job("status", "echo first; echo second");

        var result = await new HookRunner(_api, TimeProvider.System).RunAsync("status", job, l => { lock (log) log.Add(l); });

        result.LogLines.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Should().Equal("first", "second");
        log.Should().Contain(l => l.EndsWith("/main: second")).And.Contain(l => l.Contains("has completed"));
        _h.Api.Store.Get(KubeletStoreWriter.Jobs, KubeletTestDoubleHarness.Namespace, result.JobName).Should().BeNull("status Jobs are deleted after they end");
    }

    private int PodsOf(string jobName) =>
        _h.Api.Store.List(KubeletStoreWriter.Pods, KubeletTestDoubleHarness.Namespace, p => (string?)p["metadata"]?["labels"]?["job-name"] == jobName).Items.Count;

    [RequiresKubeletFact]
    public async Task A_backup_hook_the_runner_gives_up_on_is_gone_with_its_pods_and_container_when_the_runner_returns()
    {
        // The backup folder is emptied next: a container still running could swap its folders for links meanwhile.
        var job = Job("backup", "echo started; sleep 600");
        var runner = new HookRunner(_api, TimeProvider.System) { Grace = -HookJobBuilder.DefaultDeadline + TimeSpan.FromSeconds(3) }; // the runner's own timeout: 3 s

        var run = () => runner.RunAsync("backup", job);

        (await run.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("Timeout");
        PodsOf((string)job["metadata"]!["name"]!).Should().Be(0, "the Job was deleted in the foreground and waited for");
        (await _h.Kubelet.Runtime.ContainersAsync()).Should().BeEmpty("its container is dead");
        HookJobs("backup").Should().Be(0);
    }

    [RequiresKubeletFact]
    public async Task A_cancelled_restore_hook_is_gone_with_its_pods_and_container_when_the_runner_returns()
    {
        var job = Job("restore", "echo started; sleep 600");
        using var cancel = new CancellationTokenSource();

        var run = () => new HookRunner(_api, TimeProvider.System).RunAsync("restore", job, l => { if (l.EndsWith(": started")) _ = Task.Run(cancel.Cancel); }, cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        PodsOf((string)job["metadata"]!["name"]!).Should().Be(0, "Ctrl-C deletes the Job too, and waits for it");
        (await _h.Kubelet.Runtime.ContainersAsync()).Should().BeEmpty();
        HookJobs("restore").Should().Be(0);
    }

    [RequiresKubeletFact]
    public async Task A_failing_hook_fails_with_the_jobs_reason_and_its_last_log_lines_and_is_kept()
    {
        var job = Job("install", "echo seeding; echo table missing >&2; exit 3");

        var run = () => new HookRunner(_api, TimeProvider.System).RunAsync("install", job);

        var message = (await run.Should().ThrowAsync<GravityException>()).Which.Message;
        message.Should().Contain("hook install failed").And.Contain("BackoffLimitExceeded").And.Contain("seeding").And.Contain("table missing");
        _h.Api.Store.Get(KubeletStoreWriter.Jobs, KubeletTestDoubleHarness.Namespace, (string)job["metadata"]!["name"]!).Should().NotBeNull("kept for diagnosis");
    }

    [RequiresKubeletFact]
    public async Task A_hook_that_hangs_past_its_deadline_fails_with_DeadlineExceeded()
    {
        var job = Job("postInstall", "echo waiting; sleep 600", "  activeDeadlineSeconds: 2");

        var run = () => new HookRunner(_api, TimeProvider.System).RunAsync("postInstall", job);

        (await run.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("DeadlineExceeded").And.Contain("waiting");
    }

    [RequiresKubeletFact]
    public async Task A_resumed_operation_follows_the_job_its_killed_run_started_instead_of_starting_a_second()
    {
        // The killed run: its Job was created and runs; the process that created it is gone.
        var killed = Job("install", "echo migrating; sleep 2; echo migrated", operationId: "op-resumed");
        await CreateDirectlyAsync(killed);

        var log = new List<string>();
        var result = await new HookRunner(_api, TimeProvider.System).RunAsync("install", Job("install", "echo migrating; sleep 2; echo migrated", operationId: "op-resumed"),
            l => { lock (log) log.Add(l); });

        result.JobName.Should().Be((string)killed["metadata"]!["name"]!);
        HookJobs("install").Should().Be(1, "two migrations must not run at once");
        log.Should().Contain(l => l.Contains("exists from an earlier run of this operation")).And.NotContain(l => l.EndsWith(" created"));
        result.LogLines.Should().Contain(l => l.EndsWith(": migrated"));
    }

    [RequiresKubeletFact]
    public async Task A_resumed_operation_runs_again_a_hook_whose_job_failed_in_the_earlier_run()
    {
        var first = () => new HookRunner(_api, TimeProvider.System).RunAsync("install", Job("install", "echo broken; exit 1", operationId: "op-retried"));
        await first.Should().ThrowAsync<GravityException>();

        var result = await new HookRunner(_api, TimeProvider.System).RunAsync("install", Job("install", "echo fixed", operationId: "op-retried"));

        result.LogLines.Should().ContainSingle(l => l.EndsWith(": fixed"));
        HookJobs("install").Should().Be(1);
    }

    [RequiresKubeletFact]
    public async Task A_job_of_that_name_which_another_operation_or_a_user_created_is_not_taken_for_the_hooks()
    {
        var job = Job("install", "echo mine", operationId: "op-own");
        var foreign = System.Text.Json.Nodes.JsonNode.Parse(job.ToJsonString())!.AsObject();
        foreign["metadata"]!["annotations"]![HookJobBuilder.OperationAnnotation] = "someone-else";
        await CreateDirectlyAsync(foreign);

        var run = () => new HookRunner(_api, TimeProvider.System).RunAsync("install", job);

        (await run.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("exists already").And.Contain("someone-else");
    }
}
