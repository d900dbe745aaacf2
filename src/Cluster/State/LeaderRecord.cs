using System.Text.Json;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.State;

/// <summary>
/// The cluster's leader as its election key holds it: the master that won and when (to the millisecond). Every master
/// records "Leader Elected" from this value, so their histories carry the identical event and merge without duplicates.
/// </summary>
public sealed record LeaderRecord(string Node, string AdvertiseAddr, DateTimeOffset Elected)
{
    /// <summary>The election key: put only when absent, under the leader's lease, so it vanishes with a dead leader.</summary>
    public const string Key = "/gravity/leader";

    public string ToJson() => JsonSerializer.Serialize(this, PlanJson.Options);

    /// <summary>
    /// The record, or null when the value is not one (written by something else): it is then nobody's to trust. The
    /// address must be an IP address and the name one word, because both end up in /etc/hosts and the history.
    /// </summary>
    public static LeaderRecord? TryParse(string json)
    {
        try
        {
            var record = JsonSerializer.Deserialize<LeaderRecord>(json, PlanJson.Options);
            return record is { Node.Length: > 0 and <= 253, AdvertiseAddr: not null } && !record.Node.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                && System.Net.IPAddress.TryParse(record.AdvertiseAddr, out _) ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
