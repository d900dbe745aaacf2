using System.Text.Json;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Install;
using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Core;
using Gravity.Testing.Kubernetes;
using k8s;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>/app on a node with Kubernetes (its admin kubeconfig names the API server test double): what it applies, and how.</summary>
public sealed class AppPhaseKubernetesTests : IAsyncLifetime
{
    private KubernetesApiServerTestDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiServerTestDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private const string Shop = """
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
        kind: Namespace
        metadata: {name: shop}
        """;

    private async Task<(InstallFixture, AppExecutor, PhaseContext, List<string>)> SetUp(IReadOnlyDictionary<string, string> resources, string? manifest = null,
        IReadOnlyDictionary<string, string>? profileLabels = null)
    {
        var f = await InstallFixture.CreateAsync(manifest: manifest, resources: resources);
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var config = f.PhaseConfig() with { Flavor = "single" };
        config = config with { Node = config.Node with { ServiceUid = 1234 } };
        if (profileLabels is not null)
            config = config with { Node = config.Node with { Master = true, Kubernetes = config.Node.Kubernetes with { Labels = profileLabels } } };
        NodeWithKubernetes.Prepare(config.Folder, _api);
        var plan = InstallPlanBuilder.Build("op-1", config);
        var log = new List<string>();
        var executor = new AppExecutor(new InstallPhaseContext(config, new NodeRuntime(), _ => Task.FromResult(image)));
        return (f, executor, new PhaseContext(plan, plan.Get(InstallPhases.App), l => { lock (log) log.Add(l); }), log);
    }

    private k8s.Kubernetes Client(InstallFixture f) => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new Gravity.Cluster.Nodes.StateFolder(f.StateDir).AdminKubeconfig));

    [Fact]
    public async Task Every_resource_is_applied_namespaces_and_definitions_first_with_the_service_uid_and_the_cluster_info()
    {
        var (f, executor, context, log) = await SetUp(new Dictionary<string, string>
        {
            ["shop.yaml"] = Shop,
            ["settings/config.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: fast}\n",
            ["migrate.sh"] = "#!/bin/sh\necho migrating\n",
            ["tuning.yaml"] = "workers: 4\n",
        });
        using var _ = f;

        await executor.ExecuteAsync(context, CancellationToken.None);

        using var client = Client(f);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        deployment.Spec.Template.Spec.SecurityContext.RunAsUser.Should().Be(1234);
        deployment.Spec.Template.Spec.Containers[0].SecurityContext.RunAsUser.Should().Be(1234);
        deployment.Metadata.ManagedFields.Should().Contain(m => m.Manager == "gravity" && m.Operation == "Apply");
        var widget = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync("example.com", "v1", "shop", "widgets", "blue");
        widget.GetProperty("spec").GetProperty("size").GetInt32().Should().Be(3);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "shop")).Data["mode"].Should().Be("fast");
        (await client.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-system")).Data.Should().Equal(
            new Dictionary<string, string> { ["GRAVITY_CLUSTER_NAME"] = "c", ["GRAVITY_CLUSTER_FLAVOR"] = "single", ["GRAVITY_CLUSTER_PROVIDER"] = "onprem" });
        log.Should().ContainInOrder("applied Namespace shop", "applied CustomResourceDefinition widgets.example.com", "applied Deployment shop/web", "applied Widget shop/blue");
        log.Should().Contain("not applied: migrate.sh (not a YAML or JSON file)").And.Contain(l => l.StartsWith("not applied: tuning.yaml"));

        // A resumed /app applies again, harmlessly.
        await executor.ExecuteAsync(context, CancellationToken.None);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Template.Spec.SecurityContext.RunAsUser.Should().Be(1234);
    }

    [Fact]
    public async Task The_installer_nodes_Kubernetes_node_gets_the_role_labels_its_kubelet_may_not_set_once_its_kubelet_registered_it()
    {
        var labels = new Dictionary<string, string> { ["node-role.kubernetes.io/master"] = "true", ["role"] = "db" };
        var (f, executor, context, log) = await SetUp(new Dictionary<string, string>(), profileLabels: labels);
        using var _ = f;
        // The runtime package's kubelet registered the node with the labels it may set (KubeletService.RegisteredLabels).
        var folder = new Gravity.Cluster.Nodes.StateFolder(f.StateDir);
        File.WriteAllText(folder.RuntimeBinary("kubelet"), "#!/bin/sh\n");
        _api.Store.AddNode("n", new Dictionary<string, string> { ["kubernetes.io/hostname"] = "n", ["role"] = "db", ["gravitational.io/k8s-role"] = "master" });

        await executor.ExecuteAsync(context, CancellationToken.None);
        await executor.ExecuteAsync(context, CancellationToken.None);

        using var client = Client(f);
        (await client.CoreV1.ReadNodeAsync("n")).Metadata.Labels.Should().Equal(new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = "n", ["role"] = "db", ["gravitational.io/k8s-role"] = "master", ["node-role.kubernetes.io/master"] = "true",
        });
        log.Should().Contain("Kubernetes node n labelled node-role.kubernetes.io/master=true").And.Contain("Kubernetes node n has its labels node-role.kubernetes.io/master=true already");
    }

    [Fact]
    public async Task A_resource_the_API_refuses_fails_the_phase_naming_the_file_the_object_and_the_APIs_message()
    {
        var (f, executor, context, _) = await SetUp(new Dictionary<string, string>
        {
            ["broken.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine, namespace: default}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: orphan, namespace: no-such-namespace}\n",
        });
        using var _ = f;

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        var message = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        message.Should().StartWith("broken.yaml:5: ConfigMap no-such-namespace/orphan: the Kubernetes API refused it (404 NotFound: ").And.Contain("no-such-namespace");
    }

    [Fact]
    public async Task A_hooks_job_file_is_left_to_its_hook_and_not_applied()
    {
        const string job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: install\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: busybox\n";
        var hook = "hooks:\n  install:\n    job: |\n" + string.Join("\n", job.TrimEnd().Split('\n').Select(l => "      " + l)) + "\n";
        // The install hook itself is not run here: the API double has no kubelet, so the test stops at the Job's creation.
        var (f, executor, context, log) = await SetUp(new Dictionary<string, string> { ["install-hook.yaml"] = job, ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n" },
            TestClusterImage.Manifest(hook));
        using var _ = f;
        using var cts = new CancellationTokenSource();

        var run = executor.ExecuteAsync(context, cts.Token);
        while (!log.Any(l => l.Contains("hook install: job kube-system/install-")) && !run.IsCompleted) await Task.Delay(50);
        await cts.CancelAsync();
        await run.ContinueWith(_ => { });

        log.Should().Contain("not applied: install-hook.yaml (the job of the install hook)");
        using var client = Client(f);
        (await client.BatchV1.ListNamespacedJobAsync("default")).Items.Should().BeEmpty("the hook's file was not applied as a resource");
        (await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default")).Should().NotBeNull();
    }

    [Fact]
    public async Task An_admin_kubeconfig_others_may_write_is_refused_as_credentials()
    {
        var (f, executor, context, _) = await SetUp(new Dictionary<string, string> { ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n" });
        using var _ = f;
        var kubeconfig = new Gravity.Cluster.Nodes.StateFolder(f.StateDir).AdminKubeconfig;
        File.SetUnixFileMode(kubeconfig, File.GetUnixFileMode(kubeconfig) | UnixFileMode.OtherWrite);

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain(kubeconfig).And.Contain("writable by its group or by others");
        _api.Store.Get(KubernetesBuiltInTypes.All.First(t => t.Kind == "ConfigMap"), "default", "cm").Should().BeNull();
    }

    [RequiresHelmFact]
    public async Task A_helm_chart_is_rendered_by_helm_and_applied()
    {
        var (f, executor, context, log) = await SetUp(new Dictionary<string, string>
        {
            ["charts/web/Chart.yaml"] = "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ["charts/web/values.yaml"] = "greeting: hello\n",
            ["charts/web/templates/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
        });
        using var _ = f;

        await executor.ExecuteAsync(context, CancellationToken.None);

        using var client = Client(f);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("web-settings", "default")).Data["greeting"].Should().Be("hello");
        log.Should().Contain("Helm chart charts/web: 1 object(s) rendered");
    }

    [RequiresHelmFact]
    public async Task A_charts_definitions_are_applied_and_it_renders_as_tele_build_did_for_the_runtimes_Kubernetes()
    {
        var (f, executor, context, log) = await SetUp(new Dictionary<string, string>
        {
            ["charts/Web_Shop/Chart.yaml"] = "apiVersion: v2\nname: web-shop\nversion: 0.1.0\n",
            ["charts/Web_Shop/crds/gadgets.yaml"] = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """,
            ["charts/Web_Shop/templates/cm.yaml"] =
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n",
        });
        using var _ = f;
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var runtimeKubernetes = image.Head.RuntimePackages.Values.Select(p => p.KubernetesVersion).FirstOrDefault()
                                ?? Gravity.Packaging.Discovery.Helm.Rendering.RuntimeKubernetes.Version;

        await executor.ExecuteAsync(context, CancellationToken.None);

        _api.Store.Get(KubernetesBuiltInTypes.All.First(t => t.Kind == "CustomResourceDefinition"), null, "gadgets.example.com")
            .Should().NotBeNull("a chart's crds/ are part of what it installs");
        using var client = Client(f);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("web-shop-settings", "default")).Data["kube"].TrimStart('v')
            .Should().Be(runtimeKubernetes.TrimStart('v'), "the chart renders for the Kubernetes the cluster runs");
        log.Should().Contain("Helm chart charts/Web_Shop: 2 object(s) rendered");
    }
}
