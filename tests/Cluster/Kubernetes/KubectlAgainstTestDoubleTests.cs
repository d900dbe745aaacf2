using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The real kubectl v1.35 runs the guide's hook commands against the Kubernetes API server test double.</summary>
public sealed class KubectlAgainstTestDoubleTests : IAsyncLifetime
{
    private const string Application = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          mode: fast
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: db-credentials
          namespace: shop
        data:
          password: czNjcmV0
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: registry.local/web:1.0
                ports:
                - containerPort: 8080
        """;

    private readonly TempDir _dir = new("kubectl-double");
    private KubernetesApiServerTestDouble _api = null!;
    private Kubectl _kubectl = null!;

    private KubernetesResourceType Type(string kind) => _api.Store.Catalog.All.Single(t => t.Kind == kind);

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        Directory.CreateDirectory(_dir.Combine("home"));
        _kubectl = new Kubectl(_api.WriteKubeconfig(_dir.Combine("kubeconfig")), _dir.Combine("home"));
        File.WriteAllText(_dir.Combine("app.yaml"), Application);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    [RequiresKubectlFact]
    public async Task Create_of_a_multi_document_file_creates_every_object_with_validation_on()
    {
        var result = await _kubectl.RunAsync("create", "-f", _dir.Combine("app.yaml"));

        result.ExitCode.Should().Be(0, result.Combined);
        result.StdOut.Should().Be("namespace/shop created\nconfigmap/settings created\nsecret/db-credentials created\ndeployment.apps/web created");
        _api.Store.Get(Type("ConfigMap"), "shop", "settings")!["data"]!["mode"]!.GetValue<string>().Should().Be("fast");
        _api.Store.Get(Type("Deployment"), "shop", "web")!["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        _api.Requests.Should().Contain(r => r.StartsWith("POST /apis/apps/v1/namespaces/shop/deployments?", StringComparison.Ordinal) && r.Contains("fieldValidation=Strict"),
            "kubectl validates on the server, not with --validate=false");
    }

    [RequiresKubectlFact]
    public async Task Apply_twice_is_unchanged_and_a_changed_file_is_configured()
    {
        var first = await _kubectl.RunAsync("apply", "-f", _dir.Combine("app.yaml"));
        var second = await _kubectl.RunAsync("apply", "-f", _dir.Combine("app.yaml"));
        File.WriteAllText(_dir.Combine("app.yaml"), Application.Replace("mode: fast", "mode: slow").Replace("web:1.0", "web:1.1"));
        var third = await _kubectl.RunAsync("apply", "-f", _dir.Combine("app.yaml"));

        first.ExitCode.Should().Be(0, first.Combined);
        first.StdOut.Should().Be("namespace/shop created\nconfigmap/settings created\nsecret/db-credentials created\ndeployment.apps/web created");
        second.ExitCode.Should().Be(0, second.Combined);
        second.StdOut.Should().Be("namespace/shop unchanged\nconfigmap/settings unchanged\nsecret/db-credentials unchanged\ndeployment.apps/web unchanged");
        third.ExitCode.Should().Be(0, third.Combined);
        third.StdOut.Should().Be("namespace/shop unchanged\nconfigmap/settings configured\nsecret/db-credentials unchanged\ndeployment.apps/web configured");
        _api.Store.Get(Type("ConfigMap"), "shop", "settings")!["data"]!["mode"]!.GetValue<string>().Should().Be("slow");
        var container = _api.Store.Get(Type("Deployment"), "shop", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["image"]!.GetValue<string>().Should().Be("registry.local/web:1.1");
        container["ports"]![0]!["containerPort"]!.GetValue<int>().Should().Be(8080, "a strategic merge patch of one container's image keeps its other fields");
    }

    [RequiresKubectlFact]
    public async Task Server_side_apply_records_kubectl_as_the_field_manager()
    {
        var result = await _kubectl.RunAsync("apply", "--server-side", "-f", _dir.Combine("app.yaml"));
        var again = await _kubectl.RunAsync("apply", "--server-side", "-f", _dir.Combine("app.yaml"));

        result.ExitCode.Should().Be(0, result.Combined);
        result.StdOut.Should().Be("namespace/shop serverside-applied\nconfigmap/settings serverside-applied\nsecret/db-credentials serverside-applied\ndeployment.apps/web serverside-applied");
        again.ExitCode.Should().Be(0, again.Combined);
        var managers = (JsonArray)_api.Store.Get(Type("ConfigMap"), "shop", "settings")!["metadata"]!["managedFields"]!;
        managers.Should().ContainSingle().Which!["manager"]!.GetValue<string>().Should().Be("kubectl");
        managers[0]!["fieldsV1"]!["f:data"]!["f:mode"].Should().NotBeNull();
    }

    [RequiresKubectlFact]
    public async Task Get_secrets_as_yaml_is_parsable_and_holds_the_data()
    {
        (await _kubectl.RunAsync("create", "-f", _dir.Combine("app.yaml"))).ExitCode.Should().Be(0);

        var result = await _kubectl.RunAsync("get", "secrets", "-n", "shop", "-o", "yaml");

        result.ExitCode.Should().Be(0, result.Combined);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(result.StdOut));
        var list = (YamlMappingNode)yaml.Documents.Single().RootNode;
        ((YamlScalarNode)list["kind"]).Value.Should().Be("List");
        var secret = (YamlMappingNode)((YamlSequenceNode)list["items"]).Children.Single();
        ((YamlScalarNode)secret["metadata"]["name"]).Value.Should().Be("db-credentials");
        var password = ((YamlScalarNode)secret["data"]["password"]).Value!;
        Encoding.UTF8.GetString(Convert.FromBase64String(password)).Should().Be("s3cret");
    }

    [RequiresKubectlFact]
    public async Task Delete_of_the_file_deletes_every_object_and_the_namespace()
    {
        (await _kubectl.RunAsync("create", "-f", _dir.Combine("app.yaml"))).ExitCode.Should().Be(0);

        var result = await _kubectl.RunAsync("delete", "-f", _dir.Combine("app.yaml"));

        result.ExitCode.Should().Be(0, result.Combined);
        result.StdOut.Should().Contain("namespace \"shop\" deleted").And.Contain("deployment.apps \"web\" deleted");
        _api.Store.Get(Type("Namespace"), null, "shop").Should().BeNull();
        _api.Store.Get(Type("ConfigMap"), "shop", "settings").Should().BeNull();
    }

    [RequiresKubectlFact]
    public async Task Get_pods_watch_shows_a_pod_added_and_modified_by_code_in_the_same_process()
    {
        var pods = Type("Pod");
        var psi = new ProcessStartInfo(KubernetesTools.KubectlPath) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir.Path };
        foreach (var a in new[] { "get", "pods", "-n", "default", "-w", "--output-watch-events" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in _kubectl.Environment()) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.BeginOutputReadLine();
        try
        {
            await Until(() => _api.Requests.Any(r => r.StartsWith("GET /api/v1/namespaces/default/pods?", StringComparison.Ordinal) && r.Contains("watch=true")));
            _api.Store.Create(pods, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "hook-1" }, ["spec"] = new JsonObject() });
            await Until(() => { lock (lines) return lines.Any(l => l.StartsWith("ADDED ", StringComparison.Ordinal) && l.Contains("hook-1")); });
            var pod = _api.Store.Get(pods, "default", "hook-1")!;
            pod["status"] = new JsonObject { ["phase"] = "Succeeded" };
            _api.Store.Update(pods, "default", "hook-1", pod);
            await Until(() => { lock (lines) return lines.Any(l => l.StartsWith("MODIFIED ", StringComparison.Ordinal) && l.Contains("hook-1")); });
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    // Bounded: a watch that never shows the event fails the test instead of hanging it.
    private static async Task Until(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(50, deadline.Token);
        }
    }
}
