using System.Text.Json;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>The text of `gravity status`: Masters and Nodes, each as Gravity shows it, `host / ip / profile`.</summary>
public sealed class StatusTextFormatterTests
{
    private static readonly DateTimeOffset Joined = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

    private static ClusterStatusReport Report(params ClusterNode[] nodes)
        => new("prod", Joined, ClusterStatuses.Active, new ClusterApplication("app", "1.0"), "tok", nodes, null, []);

    [Fact]
    public void Each_node_shows_as_host_ip_and_profile_with_its_node_name_where_that_differs()
    {
        var text = StatusTextFormatter.Format(Report(
            new ClusterNode("node-1", "10.0.0.1", "master", Joined, "healthy", HostName: "ip-10-0-0-1.example"),
            new ClusterNode("node-2", "10.0.0.2", "worker", Joined, "offline", Master: false, HostName: "node-2")));

        text.Should().Contain("Masters:\n    * ip-10-0-0-1.example / 10.0.0.1 / master\n        Node:\tnode-1\n        Status:\thealthy, joined Tue Dec 1 17:00 UTC\n");
        text.Should().Contain("Nodes:\n    * node-2 / 10.0.0.2 / worker\n        Status:\toffline, joined Tue Dec 1 17:00 UTC\n");
    }

    [Fact]
    public void A_record_written_before_host_names_were_recorded_shows_by_its_node_name()
    {
        var old = JsonSerializer.Deserialize<ClusterNode>(
            """{"name":"node-1","advertiseAddr":"10.0.0.1","role":"master","joined":"2026-12-01T17:00:00+00:00","status":"healthy"}""", PlanJson.Options)!;

        old.HostName.Should().BeNull();
        StatusTextFormatter.Format(Report(old)).Should().Contain("    * node-1 / 10.0.0.1 / master\n        Status:\thealthy");
    }

    [Fact]
    public void The_json_form_carries_the_host_name()
    {
        var json = ViewSerializer.ToJson(Report(new ClusterNode("node-1", "10.0.0.1", "master", Joined, "healthy", HostName: "ip-10-0-0-1.example")));

        JsonDocument.Parse(json).RootElement.GetProperty("nodes")[0].GetProperty("hostName").GetString().Should().Be("ip-10-0-0-1.example");
    }
}
