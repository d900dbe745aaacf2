using Gravity.Cluster.Nodes;
using Gravity.Health.Probes;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// The `application` probe: the application's status hook, run every <see cref="Interval"/> (a minute, by the
/// TimeProvider) in the background, since a Job takes longer than a probe may; each round reports the outcome of the
/// last run. A failed status hook makes the node, and so the cluster, degraded with the hook's reason; the next run that
/// succeeds makes it healthy again. Runs only while <c>active</c> holds (the cluster's leader), so a cluster runs one
/// status Job a minute, not one per node.
/// </summary>
public sealed class ApplicationStatusProbe(Func<CancellationToken, Task<ProbeOutcome>> runStatusHook, TimeProvider time, Func<bool> active, CancellationToken stopping)
    : IProbe
{
    public const string ProbeName = "application";
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private ProbeOutcome _last = ProbeOutcome.Ok;
    private DateTimeOffset? _lastStart;
    private Task _running = Task.CompletedTask;

    public string Name => ProbeName;

    /// <summary>The run in progress (or the last one): tests wait for it.</summary>
    public Task Running { get { lock (_gate) return _running; } }

    /// <summary>The probe of a node whose application has a status hook, or none.</summary>
    public static IReadOnlyList<IProbe> For(NodeSettings node, TimeProvider time, Func<bool> active, Action<string> log, CancellationToken stopping)
    {
        if (InstalledApplication.Find(node.Folder)?.Manifest.FindHook("status") is null) return [];
        return [new ApplicationStatusProbe(ct => RunHookAsync(node, time, log, ct), time, active, stopping)];
    }

    public Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            // A node that stopped leading no longer runs the hook: its last failure must not keep the cluster degraded.
            if (!active())
            {
                _last = ProbeOutcome.Ok;
                return Task.FromResult(_last);
            }
            if (_running.IsCompleted && (_lastStart is null || now - _lastStart >= Interval))
            {
                _lastStart = now;
                _running = RunAsync();
            }
            return Task.FromResult(_last);
        }
    }

    private async Task RunAsync()
    {
        ProbeOutcome outcome;
        try
        {
            outcome = await runStatusHook(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            outcome = ProbeOutcome.Failed(ex.Message);
        }
        lock (_gate) _last = outcome;
    }

    private static async Task<ProbeOutcome> RunHookAsync(NodeSettings node, TimeProvider time, Action<string> log, CancellationToken ct)
    {
        string? lastLine = null;
        var result = await NodeHookCaller.RunAsync(node, "status", line => { lastLine = line; log(line); }, time, ct);
        return result is not null ? ProbeOutcome.Ok : ProbeOutcome.Warning(lastLine ?? "the status hook did not run");
    }
}
