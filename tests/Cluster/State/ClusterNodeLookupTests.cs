using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Tests.State;

/// <summary>`gravity remove NODE`: NODE is a node name, an advertise address or a host name, and never names the wrong node.</summary>
public sealed class ClusterNodeLookupTests
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;

    private static readonly ClusterNode[] Nodes =
    [
        new("node-1", "10.0.0.1", "master", Joined, "healthy", HostName: "ip-10-0-0-1.example"),
        new("node-2", "10.0.0.2", "master", Joined, "healthy", HostName: "node-1"),
        new("node-3", "10.0.0.3", "worker", Joined, "healthy", Master: false, HostName: "twin"),
        new("node-4", "10.0.0.4", "worker", Joined, "healthy", Master: false, HostName: "twin"),
        new("old-5", "10.0.0.5", "worker", Joined, "healthy", Master: false),
    ];

    [Theory]
    [InlineData("node-1", "node-1")]
    [InlineData("10.0.0.2", "node-2")]
    [InlineData("ip-10-0-0-1.example", "node-1")]
    [InlineData("IP-10-0-0-1.EXAMPLE", "node-1")]
    [InlineData("old-5", "old-5")]
    public void A_node_is_found_by_name_address_or_host_name(string nodeRef, string expected)
        => ClusterNodeLookup.Find(Nodes, nodeRef, "prod").Name.Should().Be(expected);

    [Fact]
    public void A_node_name_wins_over_another_nodes_host_name()
        => ClusterNodeLookup.Find(Nodes, "node-1", "prod").AdvertiseAddr.Should().Be("10.0.0.1");

    [Fact]
    public void A_host_name_of_two_nodes_is_refused_naming_both()
    {
        var act = () => ClusterNodeLookup.Find(Nodes, "twin", "prod");

        act.Should().Throw<GravityException>().Which.Message.Should().Contain("node-3").And.Contain("node-4").And.Contain("node name or advertise address");
    }

    [Fact]
    public void An_unknown_node_is_refused_listing_the_nodes_with_their_host_names()
    {
        var act = () => ClusterNodeLookup.Find(Nodes, "node-9", "prod");

        act.Should().Throw<GravityException>().Which.Message.Should().Contain("cluster prod has no node node-9").And.Contain("node-1 10.0.0.1 ip-10-0-0-1.example");
    }
}
