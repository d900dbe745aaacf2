using Gravity.Testing;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Runs Jobs' pods for the kubelet test double program (KubeletCommandTestDouble), inside the API server double's
/// process where the objects are: when a Node registers with the <see cref="ContainerdSocketAnnotation"/>, a
/// <see cref="KubeletTestDouble"/> starts on that containerd (pulling through the hosts folder next to its socket, where
/// the node agent writes it). Only the first such node runs Jobs (one kubelet stand-in; docs/testing-kubernetes.md).
/// Both programs must see the same file system, as they do on one machine.
/// </summary>
public sealed class KubeletTestDoubleHost : IAsyncDisposable
{
    public const string ContainerdSocketAnnotation = "testing.gravity/kubelet-test-double-containerd-socket";

    private readonly KubernetesApiServerTestDouble _api;
    private readonly KubernetesWatch _watch;
    private readonly Task _loop;
    private KubeletTestDouble? _kubelet;

    public KubeletTestDoubleHost(KubernetesApiServerTestDouble api)
    {
        _api = api;
        _watch = api.Store.Watch(KubernetesBuiltInTypes.All.Single(t => t.Kind == "Node"), null, null);
        _loop = Task.Run(WatchAsync);
    }

    private async Task WatchAsync()
    {
        await foreach (var e in _watch.Events.ReadAllAsync())
        {
            if (_kubelet is not null || e.Type == "DELETED") continue;
            if (e.Object["metadata"]?["annotations"]?[ContainerdSocketAnnotation]?.GetValue<string>() is not { Length: > 0 } socket) continue;
            var hosts = Path.Combine(Path.GetDirectoryName(socket)!, "certs.d");
            _kubelet = KubeletTestDouble.Start(_api, new KubeletTestDoubleOptions
            {
                ContainerdSocket = socket,
                NodeName = e.Name,
                PullArguments = Directory.Exists(hosts) ? ["--hosts-dir", hosts] : [],
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _loop;
        if (_kubelet is not null) await _kubelet.DisposeAsync();
    }
}
