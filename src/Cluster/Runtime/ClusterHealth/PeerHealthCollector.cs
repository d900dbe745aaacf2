using System.Text.Json;
using Gravity.Cluster.State;
using Gravity.Health.Monitoring;

namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>
/// Gathers the other nodes' own health reports from their agents (in parallel, each bounded by the client's timeout)
/// for the nodes recorded in the cluster state. A node whose agent does not answer is listed offline (member status
/// "failed", no probes), which makes the cluster degraded.
/// </summary>
public sealed class PeerHealthCollector(KnownNodes nodes, string selfName, HttpClient peers)
{
    public const string Offline = "offline";
    private IReadOnlyList<NodeHealth> _latest = [];

    /// <summary>The peers as of the latest refresh.</summary>
    public IReadOnlyList<NodeHealth> Latest => Volatile.Read(ref _latest);

    /// <returns>The nodes whose agents did not answer, with why.</returns>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken ct)
    {
        var others = (await nodes.ListAsync(ct)).Where(n => n.Name != selfName).ToList();
        var results = await Task.WhenAll(others.Select(n => FetchAsync(n, ct)));
        Volatile.Write(ref _latest, results.Select(r => r.Health).ToList());
        return results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
    }

    private async Task<(NodeHealth Health, string? Error)> FetchAsync(ClusterNode node, CancellationToken ct)
    {
        var url = new Uri(node.AgentUrl, PeerEndpoints.NodeHealth);
        try
        {
            using var response = await peers.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            // 503 is a degraded node's answer, not a failure to answer.
            var json = await PeerAnswer.ReadAsync(response, ct);
            var report = HealthReport.Parse(json);
            if (report?.Nodes is not [var health]) return (OfflineOf(node), $"{node.Name} ({url}) answered no node report");
            return (health with { Name = node.Name }, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidDataException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (OfflineOf(node), $"{node.Name} ({url}) does not answer: {ex.Message}");
        }
    }

    private static NodeHealth OfflineOf(ClusterNode node)
        => new(node.Name, new MemberStatus(node.Name, node.AdvertiseAddr, "failed",
            new Dictionary<string, string> { ["publicip"] = node.AdvertiseAddr, ["role"] = node.Role }), Offline, []);
}
