using Gravity.Health.Probes;

namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>`node-status`: every other node's agent answers (and, on the way, their reports are gathered for this round).</summary>
public sealed class NodeStatusProbe(PeerHealthCollector collector) : IProbe
{
    public string Name => "node-status";

    public async Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        var unreachable = await collector.RefreshAsync(ct);
        return unreachable.Count == 0 ? ProbeOutcome.Ok : ProbeOutcome.Failed(string.Join("; ", unreachable));
    }
}
