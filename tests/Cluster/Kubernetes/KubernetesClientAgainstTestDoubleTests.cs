using System.Net;
using System.Text.Json;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The project's Kubernetes client library (KubernetesClient) against the API server test double.</summary>
public sealed class KubernetesClientAgainstTestDoubleTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("kube-client-double");
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
    public async Task A_config_map_is_created_listed_by_label_watched_and_server_side_applied()
    {
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<(WatchEventType, string)>();
        var watch = Task.Run(async () =>
        {
            var response = _client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, cancellationToken: watching.Token);
            await foreach (var (type, item) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: watching.Token))
            {
                events.Add((type, item.Metadata.Name));
                if (type == WatchEventType.Modified) return;
            }
        });

        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("app-settings", "app", "shop", ("mode", "fast")), "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", "app", "other", ("x", "1")), "default");
        var listed = await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=shop");
        var applied = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMap("app-settings", "app", "shop", ("mode", "slow"), ("size", "3")), V1Patch.PatchType.ApplyPatch),
            "app-settings", "default", fieldManager: "gravity", force: true);
        await watch.WaitAsync(watching.Token);

        listed.Items.Select(i => i.Metadata.Name).Should().Equal("app-settings");
        applied.Data.Should().Equal(new Dictionary<string, string> { ["mode"] = "slow", ["size"] = "3" });
        applied.Metadata.ManagedFields.Should().ContainSingle(f => f.Manager == "gravity" && f.Operation == "Apply");
        events.Should().Equal((WatchEventType.Added, "app-settings"), (WatchEventType.Added, "other"), (WatchEventType.Modified, "app-settings"));
    }

    [Fact]
    public async Task A_custom_resource_is_served_once_its_definition_is_established()
    {
        await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "backups.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "backups", Singular = "backup", Kind = "Backup" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        });
        var crd = await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("backups.example.com");
        var backup = new Dictionary<string, object>
        {
            ["apiVersion"] = "example.com/v1", ["kind"] = "Backup",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "nightly" },
            ["spec"] = new Dictionary<string, object> { ["schedule"] = "0 1 * * *" },
        };

        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "example.com", "v1", "default", "backups");
        backup["spec"] = new Dictionary<string, object> { ["schedule"] = "0 2 * * *" };
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(backup, V1Patch.PatchType.ApplyPatch),
            "example.com", "v1", "default", "backups", "nightly", fieldManager: "gravity", force: true);
        var list = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", "default", "backups");

        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        var item = list.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("metadata").GetProperty("name").GetString().Should().Be("nightly");
        item.GetProperty("spec").GetProperty("schedule").GetString().Should().Be("0 2 * * *");
    }

    [Fact]
    public async Task A_client_without_credentials_is_refused_with_401()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.WriteKubeconfig(_dir.Combine("anonymous")));
        config.AccessToken = null;
        using var anonymous = new k8s.Kubernetes(config);

        var refusal = await FluentActions.Awaiting(() => anonymous.CoreV1.ListNamespaceAsync()).Should().ThrowAsync<HttpOperationException>();

        refusal.Which.Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_client_certificate_of_the_cluster_ca_is_accepted_and_one_of_another_ca_is_refused_with_401()
    {
        using var admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.WriteKubeconfig(_dir.Combine("admin"), "admin")));
        var foreignCa = TestCertificates.Create(_dir.Combine("foreign-ca"));
        var (cert, key) = foreignCa.IssueClientCertificate("admin", "system:masters");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.WriteKubeconfig(_dir.Combine("foreign")));
        config.AccessToken = null;
        config.ClientCertificateData = Convert.ToBase64String(File.ReadAllBytes(cert));
        config.ClientCertificateKeyData = Convert.ToBase64String(File.ReadAllBytes(key));
        using var stranger = new k8s.Kubernetes(config);

        var namespaces = await admin.CoreV1.ListNamespaceAsync();
        var refusal = await FluentActions.Awaiting(() => stranger.CoreV1.ListNamespaceAsync()).Should().ThrowAsync<HttpOperationException>();

        namespaces.Items.Select(n => n.Metadata.Name).Should().Contain("kube-system");
        refusal.Which.Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static V1ConfigMap ConfigMap(string name, string labelKey, string labelValue, params (string Key, string Value)[] data) => new()
    {
        ApiVersion = "v1", Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [labelKey] = labelValue } },
        Data = data.ToDictionary(d => d.Key, d => d.Value),
    };
}
