using Gravity.Cluster.Operations.Expand;
using Gravity.Core;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>PEER of `gravity join PEER` as users write it: the agent's port unless one is given, https only, no path.</summary>
public sealed class JoinPeerUrlTests
{
    [Theory]
    [InlineData("10.0.0.1", "https://10.0.0.1:7575/")]
    [InlineData("10.0.0.1:443", "https://10.0.0.1/")]
    [InlineData("https://10.0.0.1:443", "https://10.0.0.1/")]
    [InlineData("https://10.0.0.1", "https://10.0.0.1:7575/")]
    [InlineData("10.0.0.1:8443", "https://10.0.0.1:8443/")]
    [InlineData("node-1.example.com", "https://node-1.example.com:7575/")]
    [InlineData("[fd00::1]", "https://[fd00::1]:7575/")]
    [InlineData("[fd00::1]:443", "https://[fd00::1]/")]
    [InlineData("https://lb.example.com:443/", "https://lb.example.com/")]
    public void The_agents_port_is_the_default_and_a_given_port_wins_even_443(string peer, string expected)
        => JoinPeerClient.PeerUrl(peer, 7575).ToString().Should().Be(expected);

    [Theory]
    [InlineData("http://10.0.0.1")]
    [InlineData("10.0.0.1/v1/join")]
    [InlineData("ftp://10.0.0.1")]
    public void Other_schemes_and_paths_are_refused(string peer)
    {
        var parse = () => JoinPeerClient.PeerUrl(peer, 7575);
        parse.Should().Throw<GravityException>().WithMessage("*ADDR or ADDR:PORT*");
    }
}
