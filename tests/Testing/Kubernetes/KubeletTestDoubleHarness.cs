using System.Text.Json.Nodes;
using Gravity.Oci.Content;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// What the kubelet test double's tests share: the API server double, a registry holding the busybox test image, a
/// private containerd and the kubelet double itself; Jobs created in the store and awaited to their end.
/// </summary>
public sealed class KubeletTestDoubleHarness : IAsyncDisposable
{
    public const string Namespace = "kubelet-test-double-tests";

    private KubeletTestDoubleHarness(TempDir dir, RegistryProcess registry, ContainerdProcess containerd, KubernetesApiServerTestDouble api, KubeletTestDouble kubelet, string image)
    {
        Dir = dir;
        Registry = registry;
        Containerd = containerd;
        Api = api;
        Kubelet = kubelet;
        Image = image;
    }

    public TempDir Dir { get; }
    public RegistryProcess Registry { get; }
    public ContainerdProcess Containerd { get; }
    public KubernetesApiServerTestDouble Api { get; }
    public KubeletTestDouble Kubelet { get; private set; }
    /// <summary>The busybox image as pods name it: in the registry, pulled over plain HTTP.</summary>
    public string Image { get; }

    public static async Task<KubeletTestDoubleHarness> StartAsync()
    {
        var dir = new TempDir("kubelet-double-tests");
        var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions());
        var store = new ContentStore(dir.Combine("store"));
        var image = await BusyboxTestImage.CreateAsync(store);
        await TestImageExport.PushAsync(store, image.Manifest, registry, "hooks/busybox:1");
        var containerd = await ContainerdProcess.StartAsync();
        var api = await KubernetesApiServerTestDouble.StartAsync();
        var kubelet = KubeletTestDouble.Start(api, new KubeletTestDoubleOptions { ContainerdSocket = containerd.Socket, PullArguments = ["--plain-http"] });
        return new KubeletTestDoubleHarness(dir, registry, containerd, api, kubelet, $"{registry.HostPort}/hooks/busybox:1");
    }

    public JsonObject CreateJob(string name, string jobSpecJson)
    {
        EnsureNamespace();
        var job = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = JsonNode.Parse(jobSpecJson),
        };
        return Api.Store.Create(KubeletStoreWriter.Jobs, Namespace, job);
    }

    public void EnsureNamespace()
    {
        if (Api.Store.Get(KubernetesBuiltInTypes.Namespace, null, Namespace) is null)
            Api.Store.Create(KubernetesBuiltInTypes.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
    }

    /// <summary>The Job once <paramref name="done"/> holds for it (at most two minutes: a bound, not a speed expectation).</summary>
    public async Task<JsonObject> WaitForJobAsync(string name, Func<JsonObject, bool> done)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = Api.Store.Get(KubeletStoreWriter.Jobs, Namespace, name) ?? throw new InvalidOperationException($"job {name} is gone");
            if (done(job)) return job;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"job {name} did not get there: {job.ToJsonString()}\n{string.Join("\n", Kubelet.Failures)}");
            await Task.Delay(100);
        }
    }

    public Task<JsonObject> WaitForEndAsync(string name) =>
        WaitForJobAsync(name, j => Conditions(j).Any(c => c.Type is "Complete" or "Failed"));

    public static IEnumerable<(string Type, string? Reason)> Conditions(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Select(c => (c!["type"]!.GetValue<string>(), c["reason"]?.GetValue<string>()));

    public IReadOnlyList<JsonObject> PodsOf(string jobName) =>
        Api.Store.List(KubeletStoreWriter.Pods, Namespace, p => p["metadata"]?["labels"]?["job-name"]?.GetValue<string>() == jobName).Items;

    public string Log(string pod, string container) => Api.Store.Logs.Read(Namespace, pod, container).Text;

    /// <summary>Disposes the kubelet double now (the harness's dispose then skips it).</summary>
    public async Task StopKubeletAsync()
    {
        await Kubelet.DisposeAsync();
        Kubelet = null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Kubelet is not null) await Kubelet.DisposeAsync();
        await Api.DisposeAsync();
        await Containerd.DisposeAsync();
        await Registry.DisposeAsync();
        Dir.Dispose();
    }
}
