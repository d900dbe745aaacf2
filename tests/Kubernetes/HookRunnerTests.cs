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

    private System.Text.Json.Nodes.JsonObject Job(string hook, string script, string extraSpec = "") => HookJobBuilder.Build(hook, $$"""
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
        """, new HookJobContext(_dir.Path, KubernetesTools.KubectlPath, KubernetesTools.HelmPath, 1234, new Dictionary<string, string>(), BackupDir: _dir.Combine("backup")));

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
}
