using System.Collections.Concurrent;
using Gravity.Core.Processes;

namespace Gravity.Testing.Kubernetes;

public sealed record KubeletTestDoubleOptions
{
    /// <summary>The node's containerd (a <see cref="ContainerdProcess"/>'s socket, or a cluster node's).</summary>
    public required string ContainerdSocket { get; init; }
    /// <summary>What <c>ctr images pull</c> needs to reach the registry: <c>--plain-http</c>, <c>--hosts-dir DIR</c>, <c>--user</c>...</summary>
    public IReadOnlyList<string> PullArguments { get; init; } = [];
    /// <summary>The containerd namespace its images and containers live in, emptied and removed on dispose.</summary>
    public string ContainerdNamespace { get; init; } = "kubelet-test-double";
    public string NodeName { get; init; } = "node-1";
    /// <summary>The clock of timestamps and of <c>activeDeadlineSeconds</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// A kubelet (and Job controller) stand-in for the <see cref="KubernetesApiServerTestDouble"/>: it watches Jobs in the
/// double's store and runs each one's pod for real through containerd and runc (<see cref="KubeletJobRun"/>,
/// <see cref="KubeletPodRun"/>); the exit codes set the pod's and the Job's status, the output is the pod's log.
/// Disposing it kills what runs and removes its containers, images and containerd namespace.
/// docs/testing-kubernetes.md says what it supports.
/// </summary>
public sealed class KubeletTestDouble : IAsyncDisposable
{
    private readonly KubernetesWatch _watch;
    private readonly KubeletNode _node;
    private readonly TempDir _dir;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Run)> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly Task _loop;

    private KubeletTestDouble(KubernetesApiServerTestDouble api, KubeletTestDoubleOptions options)
    {
        _dir = new TempDir("kubelet-double");
        _time = options.Time;
        Runtime = new KubeletContainerRuntime(options.ContainerdSocket, options.ContainerdNamespace, options.PullArguments);
        _node = new KubeletNode(new KubeletStoreWriter(api.Store, options.Time), Runtime, api, _dir.Path, options.NodeName);
        _watch = api.Store.Watch(KubeletStoreWriter.Jobs, null, null);
        _loop = Task.Run(WatchAsync);
    }

    public KubeletContainerRuntime Runtime { get; }

    /// <summary>What went wrong in the double itself (not in a container) while running Jobs: for assertion messages.</summary>
    public IReadOnlyCollection<Exception> Failures => _failures;

    /// <summary>Why it cannot run here (no containerd, ctr or runc, not root), or null.</summary>
    public static string? Unavailable() =>
        ContainerdProcess.Unavailable() ?? (ProcessRunner.Which("runc") is null ? "runc is not installed" : null);

    public static KubeletTestDouble Start(KubernetesApiServerTestDouble api, KubeletTestDoubleOptions options) => new(api, options);

    private async Task WatchAsync()
    {
        await foreach (var e in _watch.Events.ReadAllAsync())
        {
            var uid = e.Object["metadata"]?["uid"]?.GetValue<string>() ?? "";
            if (e.Type == "ADDED" && e.Object["status"]?["startTime"] is null && !_disposing.IsCancellationRequested)
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
                var (ns, name) = (e.Namespace!, e.Name);
                _jobs[uid] = (stop, Task.Run(async () =>
                {
                    try { await KubeletJobRun.RunAsync(_node, ns, name, _time, stop.Token); }
                    catch (Exception ex) { _failures.Enqueue(new InvalidOperationException($"kubelet test double: job {ns}/{name}: {ex.Message}", ex)); }
                }));
            }
            else if ((e.Type == "DELETED" || e.Object["metadata"]?["deletionTimestamp"] is not null) && _jobs.TryGetValue(uid, out var job))
                await job.Stop.CancelAsync();   // deleted, or deleted in the foreground and waiting for its pods
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        _watch.Dispose();
        await _loop;
        try { await Task.WhenAll(_jobs.Values.Select(j => j.Run)).WaitAsync(TimeSpan.FromMinutes(1)); }
        catch (TimeoutException) { }   // what still runs is killed below
        await Runtime.CleanUpAsync();
        foreach (var job in _jobs.Values) job.Stop.Dispose();
        _disposing.Dispose();
        _dir.Dispose();
    }
}
