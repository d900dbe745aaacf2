using System.Globalization;
using System.Text.Json;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Health.Probes;

namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>
/// `time-drift`: this node's clock against every other master's agent, measured as NTP does: offset = server time -
/// (sent + received) / 2, so the round trip cancels out. Fails above <see cref="MaxDrift"/> (Gravity's satellite
/// threshold). Masters that do not answer are node-status's to report, not this probe's.
/// </summary>
public sealed class TimeDriftProbe(KnownNodes nodes, string selfName, HttpClient peers, TimeProvider clock) : IProbe
{
    public static readonly TimeSpan MaxDrift = TimeSpan.FromMilliseconds(300);

    public string Name => "time-drift";

    public async Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        var masters = (await nodes.ListAsync(ct)).Where(n => n.Master && n.Name != selfName).ToList();
        var offsets = await Task.WhenAll(masters.Select(async m => (m.Name, Offset: await OffsetAsync(m, ct))));
        var drifted = offsets.Where(o => o.Offset is { } d && d.Duration() > MaxDrift)
            .Select(o => $"the clock of {o.Name} is {Describe(o.Offset!.Value)} of this node's (more than {MaxDrift.TotalMilliseconds:0} ms)").ToList();
        return drifted.Count == 0 ? ProbeOutcome.Ok : ProbeOutcome.Failed(string.Join("; ", drifted));
    }

    private async Task<TimeSpan?> OffsetAsync(ClusterNode master, CancellationToken ct)
    {
        try
        {
            var sent = clock.GetUtcNow().ToUnixTimeMilliseconds();
            using var response = await peers.GetAsync(new Uri(master.AgentUrl, PeerEndpoints.Time), HttpCompletionOption.ResponseHeadersRead, ct);
            var answer = JsonSerializer.Deserialize<TimeAnswer>(await PeerAnswer.ReadAsync(response, ct), PlanJson.Options);
            var received = clock.GetUtcNow().ToUnixTimeMilliseconds();
            return answer is null ? null : TimeSpan.FromMilliseconds(answer.UnixMs - (sent + received) / 2.0);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidDataException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string Describe(TimeSpan offset)
        => string.Create(CultureInfo.InvariantCulture, $"{offset.Duration().TotalSeconds:0.000} s {(offset > TimeSpan.Zero ? "ahead" : "behind")}");
}
