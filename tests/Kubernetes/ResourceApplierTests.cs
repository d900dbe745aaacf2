using System.Text.Json;
using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using k8s;

namespace Gravity.Kubernetes.Tests;

/// <summary>The /app apply against the Kubernetes API server test double, read back with the official client.</summary>
public sealed class ResourceApplierTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("apply");
    private KubernetesApiServerTestDouble _api = null!;
    private KubernetesApiConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        _connection = KubernetesApiConnection.FromKubeconfig(_api.WriteKubeconfig(_dir.Combine("kubeconfig")));
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    private const string Resources = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext: {runAsUser: -1}
              containers:
                - name: web
                  image: leader.telekube.local:5000/web:1.0.0
                  securityContext: {runAsUser: -1}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: blue, namespace: shop}
        spec: {size: 3}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
            - name: v1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {mode: fast}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        """;

    [Fact]
    public async Task Namespaces_and_definitions_go_first_and_everything_is_server_side_applied_by_gravity_with_the_service_uid()
    {
        var objects = ApplicationObjectReader.Read(Resources, "resources/app.yaml").Concat(ClusterInfoConfigMap.Objects("prod", "small", "onprem")).ToList();
        var log = new List<string>();

        await new ResourceApplier(_connection, TimeProvider.System).ApplyAsync(objects, 1234, log.Add);

        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_dir.Combine("kubeconfig")));
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        deployment.Spec.Template.Spec.SecurityContext.RunAsUser.Should().Be(1234);
        deployment.Spec.Template.Spec.Containers[0].SecurityContext.RunAsUser.Should().Be(1234);
        deployment.Metadata.ManagedFields.Should().ContainSingle(f => f.Manager == ResourceApplier.FieldManager && f.Operation == "Apply");
        (await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "shop")).Data["mode"].Should().Be("fast");
        var widget = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync("example.com", "v1", "shop", "widgets", "blue");
        widget.GetProperty("spec").GetProperty("size").GetInt32().Should().Be(3);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-system")).Data.Should().Equal(
            new Dictionary<string, string> { ["GRAVITY_CLUSTER_NAME"] = "prod", ["GRAVITY_CLUSTER_FLAVOR"] = "small", ["GRAVITY_CLUSTER_PROVIDER"] = "onprem" });
        log.Should().ContainInOrder("applied Namespace shop", "applied CustomResourceDefinition widgets.example.com",
            "CustomResourceDefinition widgets.example.com is established", "applied Deployment shop/web", "applied Widget shop/blue");

        // Applying again changes nothing and fails nothing (a resumed /app).
        var version = deployment.Metadata.ResourceVersion;
        await new ResourceApplier(_connection, TimeProvider.System).ApplyAsync(ApplicationObjectReader.Read(Resources, "resources/app.yaml"), 1234);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Template.Spec.SecurityContext.RunAsUser.Should().Be(1234);
        version.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_object_the_API_refuses_names_its_file_line_object_and_the_APIs_message()
    {
        var objects = ApplicationObjectReader.Read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: fine, namespace: default}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: orphan, namespace: no-such-namespace}
            """, "resources/broken.yaml");

        var apply = () => new ResourceApplier(_connection, TimeProvider.System).ApplyAsync(objects, 1234);

        var error = (await apply.Should().ThrowAsync<GravityException>()).Which.Message;
        error.Should().StartWith("resources/broken.yaml:5: ConfigMap no-such-namespace/orphan: the Kubernetes API refused it (404 NotFound: ");
        error.Should().Contain("no-such-namespace");
    }

    [Fact]
    public async Task A_kind_the_API_does_not_serve_is_named_before_anything_is_sent_for_it()
    {
        var objects = ApplicationObjectReader.Read("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n", "resources/gadget.yaml");
        var apply = () => new ResourceApplier(_connection, TimeProvider.System).ApplyAsync(objects, 1234);
        await apply.Should().ThrowAsync<GravityException>().WithMessage("resources/gadget.yaml:1: Gadget g: the Kubernetes API serves no kind Gadget in example.com/v1*");
    }
}
