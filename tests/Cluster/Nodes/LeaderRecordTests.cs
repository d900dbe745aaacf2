using Gravity.Cluster.State;

namespace Gravity.Cluster.Tests.Nodes;

public sealed class LeaderRecordTests
{
    [Fact]
    public void A_record_round_trips_to_the_millisecond()
    {
        var record = new LeaderRecord("node-1", "10.0.0.1", DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123));
        LeaderRecord.TryParse(record.ToJson()).Should().Be(record);
    }

    [Theory]
    [InlineData("""{"node":"node-1","advertiseAddr":"10.0.0.1\n10.6.6.6 registry.example.com","elected":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"node":"node-1 checker=x","advertiseAddr":"10.0.0.1","elected":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"node":"","advertiseAddr":"10.0.0.1","elected":"2026-01-01T00:00:00Z"}""")]
    [InlineData("not json")]
    public void A_value_that_could_smuggle_lines_into_etc_hosts_or_the_history_is_no_leader(string json)
        => LeaderRecord.TryParse(json).Should().BeNull();
}
