using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gravity.Health.Monitoring;

/// <summary>The JSON answered by the health endpoint (cli-reference.md, "Health endpoint"), plus how long the round that
/// produced it took (not in the guide; absent until a round completed).</summary>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("nodes")] IReadOnlyList<NodeHealth> Nodes,
    [property: JsonPropertyName("round")] HealthRound? Round = null)
{
    public const string Running = "running";
    public const string Degraded = "degraded";

    [JsonIgnore] public bool IsRunning => Status == Running;

    public static HealthReport FromNodes(IReadOnlyList<NodeHealth> nodes, HealthRound? round = null)
        => new(nodes.Count > 0 && nodes.All(n => n.Status == Running) ? Running : Degraded, nodes, round);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
    public static HealthReport? Parse(string json) => JsonSerializer.Deserialize<HealthReport>(json, JsonOptions);
}

public sealed record NodeHealth(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("member_status")] MemberStatus MemberStatus,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("probes")] IReadOnlyList<ProbeReport> Probes);

public sealed record MemberStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("addr")] string Addr,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags);

/// <summary>One probe: status "running" or "failed"; "error" when failed, or the warning text with severity "warning".</summary>
public sealed record ProbeReport(
    [property: JsonPropertyName("checker")] string Checker,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error = null,
    [property: JsonPropertyName("severity")] string? Severity = null)
{
    public const string Running = "running";
    public const string Failed = "failed";
}
