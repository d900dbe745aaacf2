using Gravity.Health.History;
using Gravity.Health.Probes;

namespace Gravity.Health.Monitoring;

/// <summary>
/// Runs the node's probes in rounds, keeps the latest <see cref="HealthReport"/> and records transitions (probe failed or
/// succeeded, node degraded or recovered, cluster degraded or healthy) in the status history.
/// With peers (the other nodes' own reports, gathered by a probe of the same round) the report lists every node and the
/// cluster is degraded when any node is; Node events follow this node, Cluster events the whole report.
/// Until every probe has passed once (or the start-up grace period is over) nothing is recorded, so services that are
/// still starting do not fill the history with failures.
/// </summary>
public sealed class HealthMonitor
{
    private readonly NodeIdentity _node;
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly HistoryStore? _history;
    private readonly TimeSpan _probeTimeout;
    private readonly TimeSpan _startupGrace;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _started;
    private readonly Dictionary<string, bool> _lastProbePassed = new(StringComparer.Ordinal);
    private readonly Func<IReadOnlyList<NodeHealth>>? _peers;
    private bool? _lastNodeRunning;
    private bool? _lastClusterRunning;
    private bool _recording;
    private HealthReport _current;
    private HealthReport _currentNode;

    public HealthMonitor(NodeIdentity node, IReadOnlyList<IProbe> probes, HistoryStore? history, TimeSpan? probeTimeout = null, TimeSpan? startupGrace = null,
        Func<IReadOnlyList<NodeHealth>>? peers = null, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _started = _clock.GetUtcNow();
        _peers = peers;
        _node = node;
        _probes = probes;
        _history = history;
        _probeTimeout = probeTimeout ?? TimeSpan.FromSeconds(5);
        _startupGrace = startupGrace ?? TimeSpan.FromSeconds(60);
        _current = HealthReport.FromNodes([Build(probes.Select(p => new ProbeReport(p.Name, ProbeReport.Failed, "not probed yet")).ToList())]);
        _currentNode = _current;
    }

    /// <summary>The report of the latest completed round: this node and its peers.</summary>
    public HealthReport Current => Volatile.Read(ref _current);

    /// <summary>The latest round's report of this node alone (what peers fetch from it).</summary>
    public HealthReport CurrentNode => Volatile.Read(ref _currentNode);

    /// <summary>Raised after each round (for tests and for pushing the state to the cluster store).</summary>
    public event Action<HealthReport>? RoundCompleted;

    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await ProbeOnceAsync(ct);
            try { await Task.Delay(interval, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<HealthReport> ProbeOnceAsync(CancellationToken ct)
    {
        var begun = _clock.GetUtcNow();
        var outcomes = await Task.WhenAll(_probes.Select(p => RunProbeAsync(p, ct)));
        var completed = _clock.GetUtcNow();
        var round = new HealthRound(completed, Math.Max(0, (completed - begun).TotalSeconds));
        var reports = _probes.Zip(outcomes, (p, o) => ToReport(p.Name, o)).ToList();
        var self = Build(reports);
        var nodeReport = HealthReport.FromNodes([self], round);
        var report = _peers is null ? nodeReport : HealthReport.FromNodes([self, .. _peers().Where(p => p.Name != self.Name)], round);
        // History first: whoever sees the new status (the health endpoint, gravity status) finds its events recorded.
        await RecordTransitionsAsync(outcomes, nodeReport.IsRunning, report.IsRunning, ct);
        Volatile.Write(ref _currentNode, nodeReport);
        Volatile.Write(ref _current, report);
        RoundCompleted?.Invoke(report);
        return report;
    }

    private async Task<ProbeOutcome> RunProbeAsync(IProbe probe, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_probeTimeout);
        try
        {
            return await probe.CheckAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"no answer within {_probeTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProbeOutcome.Failed(ex.Message);
        }
    }

    private static ProbeReport ToReport(string name, ProbeOutcome o) => o.Severity switch
    {
        ProbeSeverity.Ok => new ProbeReport(name, ProbeReport.Running),
        ProbeSeverity.Warning => new ProbeReport(name, ProbeReport.Running, o.Error, "warning"),
        _ => new ProbeReport(name, ProbeReport.Failed, o.Error ?? "failed"),
    };

    private NodeHealth Build(IReadOnlyList<ProbeReport> probes)
    {
        var running = probes.All(p => p.Status == ProbeReport.Running);
        var tags = new Dictionary<string, string> { ["publicip"] = _node.AdvertiseAddr, ["role"] = _node.Role };
        return new NodeHealth(_node.Name, new MemberStatus(_node.Name, _node.AdvertiseAddr, "alive", tags),
            running ? HealthReport.Running : HealthReport.Degraded, probes);
    }

    private async Task RecordTransitionsAsync(ProbeOutcome[] outcomes, bool nodeRunning, bool clusterRunning, CancellationToken ct)
    {
        if (_history is null) return;
        if (!_recording)
        {
            if (!clusterRunning && _clock.GetUtcNow() - _started < _startupGrace) return;
            _recording = true;
        }

        var now = _clock.GetUtcNow();
        for (var i = 0; i < _probes.Count; i++)
        {
            var name = _probes[i].Name;
            var passed = outcomes[i].Passed;
            if (_lastProbePassed.TryGetValue(name, out var before) && before == passed) continue;
            _lastProbePassed[name] = passed;
            await _history.RecordAsync(new ClusterEvent(now, passed ? ClusterEventType.ProbeSucceeded : ClusterEventType.ProbeFailed,
                _node.Name, name, passed ? null : outcomes[i].Error), ct);
        }

        if (_lastNodeRunning != nodeRunning)
        {
            var first = _lastNodeRunning is null;
            _lastNodeRunning = nodeRunning;
            if (!nodeRunning) await _history.RecordAsync(new ClusterEvent(now, ClusterEventType.NodeDegraded, _node.Name), ct);
            else if (!first) await _history.RecordAsync(new ClusterEvent(now, ClusterEventType.NodeRecovered, _node.Name), ct);
        }
        if (_lastClusterRunning != clusterRunning)
        {
            _lastClusterRunning = clusterRunning;
            await _history.RecordAsync(new ClusterEvent(now, clusterRunning ? ClusterEventType.ClusterHealthy : ClusterEventType.ClusterDegraded), ct);
        }
    }
}
