using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The double's patch kinds, YAML bodies, watch resumption and deletecollection.</summary>
public sealed class KubernetesApiServerTestDoublePatchAndWatchTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("kube-patch-double");
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
    public async Task Json_patch_and_merge_patch_change_what_they_say()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        }, "default");

        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"replace","path":"/data/a","value":"10"},{"op":"add","path":"/data/c","value":"3"}]""", V1Patch.PatchType.JsonPatch), "c", "default");
        var merged = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"b":null,"d":"4"}}""", V1Patch.PatchType.MergePatch), "c", "default");
        var failedTest = await FluentActions.Awaiting(() => _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/a","value":"1"}]""", V1Patch.PatchType.JsonPatch), "c", "default")).Should().ThrowAsync<k8s.Autorest.HttpOperationException>();

        merged.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "10", ["c"] = "3", ["d"] = "4" });
        failedTest.Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_apply_patch_in_yaml_creates_the_object_with_its_types()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_api.Certificates.CaCertificatePath));
        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                return chain.Build(certificate!);
            },
        });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _api.Token);
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              paused: false
              template:
                metadata:
                  labels: {app: web, tier: "1"}
            """;
        using var body = new StringContent(yaml, Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");

        using var response = await http.PatchAsync(new Uri(_api.Url, "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=gravity"), body);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var stored = _api.Store.Get(_api.Store.Catalog.All.Single(t => t.Kind == "Deployment"), "default", "web")!;
        stored["spec"]!["replicas"]!.GetValue<long>().Should().Be(3);
        stored["spec"]!["paused"]!.GetValue<bool>().Should().BeFalse();
        stored["spec"]!["template"]!["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("1");
    }

    [Fact]
    public async Task A_watch_from_a_list_resource_version_sees_only_later_changes()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, "default");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<(WatchEventType, string)>();
        var watch = Task.Run(async () =>
        {
            var response = _client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: watching.Token);
            await foreach (var (type, item) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: watching.Token))
            {
                seen.Add((type, item.Metadata.Name));
                if (type == WatchEventType.Deleted) return;
            }
        });

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "default");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("after", "default");
        await watch.WaitAsync(watching.Token);

        seen.Should().Equal((WatchEventType.Added, "after"), (WatchEventType.Deleted, "after"));
    }

    [Fact]
    public async Task Deletecollection_deletes_only_what_the_selector_selects()
    {
        foreach (var (name, tier) in new[] { ("a", "cache"), ("b", "cache"), ("c", "db") })
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } },
            }, "default");

        await _client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "tier in (cache)");

        (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name).Should().Equal("c");
    }
}
