using System.Net;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The API's rules the double keeps: error codes, optimistic concurrency, apply conflicts, status, eviction, logs.</summary>
public sealed class KubernetesApiServerTestDoubleRulesTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("kube-rules-double");
    private KubernetesApiServerTestDouble _api = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.WriteKubeconfig(_dir.Combine("kubeconfig"))));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Missing_existing_invalid_and_namespaceless_objects_get_the_real_codes()
    {
        await _client.CoreV1.CreateNamespacedSecretAsync(Secret("token"), "default");

        (await Refusal(() => _client.CoreV1.ReadNamespacedSecretAsync("absent", "default"))).Should().Be(HttpStatusCode.NotFound);
        (await Refusal(() => _client.CoreV1.CreateNamespacedSecretAsync(Secret("token"), "default"))).Should().Be(HttpStatusCode.Conflict);
        (await Refusal(() => _client.CoreV1.CreateNamespacedSecretAsync(Secret(null), "default"))).Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Refusal(() => _client.CoreV1.CreateNamespacedSecretAsync(Secret("Not_A_Name"), "default"))).Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Refusal(() => _client.CoreV1.CreateNamespacedSecretAsync(Secret("token"), "no-such-namespace"))).Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_from_a_stale_resource_version_is_a_conflict()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        created.Data["a"] = "2";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default");
        created.Data["a"] = "3";

        (await Refusal(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default"))).Should().Be(HttpStatusCode.Conflict);
        long.Parse(updated.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(created.Metadata.ResourceVersion));
        (await _client.CoreV1.ReadNamespacedConfigMapAsync("c", "default")).Data["a"].Should().Be("2");
    }

    [Fact]
    public async Task Applying_a_field_another_manager_applied_differently_conflicts_unless_forced()
    {
        V1Patch Apply(string mode) => new(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "shared" }, Data = new Dictionary<string, string> { ["mode"] = mode } }, V1Patch.PatchType.ApplyPatch);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(Apply("fast"), "shared", "default", fieldManager: "gravity");

        var conflict = await Refusal(() => _client.CoreV1.PatchNamespacedConfigMapAsync(Apply("slow"), "shared", "default", fieldManager: "someone-else"));
        var forced = await _client.CoreV1.PatchNamespacedConfigMapAsync(Apply("slow"), "shared", "default", fieldManager: "someone-else", force: true);

        conflict.Should().Be(HttpStatusCode.Conflict);
        forced.Data["mode"].Should().Be("slow");
        forced.Metadata.ManagedFields.Select(f => f.Manager).Should().Equal("someone-else");
    }

    [Fact]
    public async Task A_job_status_changes_only_through_its_status_subresource()
    {
        var job = await _client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "install-hook" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "hook", Image = "hook:1" }] } } },
            Status = new V1JobStatus { Succeeded = 1 },
        }, "kube-system");
        job.Status = new V1JobStatus { Failed = 1 };
        var replaced = await _client.BatchV1.ReplaceNamespacedJobAsync(job, "install-hook", "kube-system");
        replaced.Status = new V1JobStatus { Succeeded = 1, Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        var completed = await _client.BatchV1.ReplaceNamespacedJobStatusAsync(replaced, "install-hook", "kube-system");

        job.Status.Should().NotBeNull();
        (replaced.Status?.Failed).Should().BeNull("a create drops the status sent and an update of the job keeps the status it has");
        completed.Status.Succeeded.Should().Be(1);
        completed.Status.Conditions.Should().ContainSingle(c => c.Type == "Complete");
    }

    [Fact]
    public async Task An_eviction_a_disruption_budget_forbids_is_429_and_an_allowed_one_deletes_the_pod()
    {
        await _client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } } },
        }, "default");
        foreach (var name in new[] { "db-0", "db-1" })
        {
            await _client.CoreV1.CreateNamespacedPodAsync(Pod(name, "db"), "default");
            var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, "default");
            pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
            await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, "default");
        }
        V1Eviction Eviction(string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } };

        await _client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("db-0"), "db-0", "default");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("db-1"), "db-1", "default"));

        refused.Response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var status = System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Content)!;
        ((string?)status["message"]).Should().Be("Cannot evict pod as it would violate the pod's disruption budget.", "the real server's words");
        ((string?)status["details"]!["causes"]![0]!["reason"]).Should().Be("DisruptionBudget");
        ((string?)status["details"]!["causes"]![0]!["message"]).Should().Be("The disruption budget db needs 1 healthy pods and has 1 currently");
        (await _client.CoreV1.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name).Should().Equal("db-1");
    }

    [Fact]
    public async Task A_pod_log_is_what_its_runner_wrote_and_a_follow_ends_when_the_container_ends()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("hook", "hook"), "default");
        _api.Store.Logs.Append("default", "hook", "main", "line 1\n");

        using var follow = await _client.CoreV1.ReadNamespacedPodLogAsync("hook", "default", follow: true);
        using var reader = new StreamReader(follow);
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _api.Store.Logs.Append("default", "hook", "main", "line 2\n");
        _api.Store.Logs.Complete("default", "hook", "main");
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        first.Should().Be("line 1");
        rest.Should().Be("line 2\n");
        using var whole = new StreamReader(await _client.CoreV1.ReadNamespacedPodLogAsync("hook", "default", tailLines: 1));
        (await whole.ReadToEndAsync()).Should().Be("line 2\n");
    }

    [Fact]
    public async Task A_deleted_namespace_is_terminating_refuses_new_objects_and_goes_with_what_it_holds()
    {
        // Long enough that a loaded machine reads the namespace and tries the late create before it goes (200 ms was not).
        _api.Store.NamespaceFinalizationDelay = TimeSpan.FromSeconds(3);
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "left-behind" } }, "shop");

        await _client.CoreV1.DeleteNamespaceAsync("shop");
        var terminating = await _client.CoreV1.ReadNamespaceAsync("shop");
        var refused = await Refusal(() => _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, "shop"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _client.CoreV1.ListNamespaceAsync(cancellationToken: deadline.Token)).Items.Any(n => n.Metadata.Name == "shop"))
            await Task.Delay(50, deadline.Token);

        terminating.Status.Phase.Should().Be("Terminating");
        refused.Should().Be(HttpStatusCode.Forbidden);
        (await _client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items.Should().NotContain(c => c.Metadata.NamespaceProperty == "shop");
    }

    private static V1Secret Secret(string? name) => new() { Metadata = new V1ObjectMeta { Name = name }, StringData = new Dictionary<string, string> { ["k"] = "v" } };

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1" }] },
    };

    private static async Task<HttpStatusCode> Refusal(Func<Task> call)
    {
        var e = await FluentActions.Awaiting(call).Should().ThrowAsync<HttpOperationException>();
        return e.Which.Response.StatusCode;
    }
}
