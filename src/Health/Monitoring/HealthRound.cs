using System.Text.Json.Serialization;

namespace Gravity.Health.Monitoring;

/// <summary>
/// The latest completed round of a node's health monitor: when it ended and how long it took, from the start of its
/// probes to the last of them, peers' answers included (they are gathered by a probe of the round).
/// </summary>
public sealed record HealthRound(
    [property: JsonPropertyName("completed_at")] DateTimeOffset CompletedAt,
    [property: JsonPropertyName("seconds")] double Seconds);
