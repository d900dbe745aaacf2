using System.Text.Json;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>
/// Joins on machines of their own (network namespaces on a private bridge), each node with its own etcd member,
/// registry and agent on the standard ports.
/// </summary>
public sealed class JoinMastersTests
{
    [NetworkNamespaceFact]
    public async Task Install_then_two_joins_make_three_masters_of_one_etcd_cluster()
    {
        using var dir = new TempDir("join3");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2", "node-3");
        var nodes = network.Nodes.Select(m => new NamespacedNode(m, dir.Path)).ToList();
        try
        {
            var image = await Operations.TestClusterImage.CreateAsync(dir.Path);
            await nodes[0].InstallAsync(image);
            foreach (var joiner in nodes.Skip(1))
            {
                var join = await joiner.JoinAsync(nodes[0]);
                join.ExitCode.Should().Be(0, join.Combined);
                join.StdOut.Should().Contain("as a master");
            }

            foreach (var node in nodes)
            {
                var status = await node.StatusAsync();
                var listed = status.GetProperty("nodes").EnumerateArray().ToList();
                listed.Select(n => n.GetProperty("name").GetString()).Should().BeEquivalentTo(["node-1", "node-2", "node-3"], $"status on {node.Name}");
                listed.Should().OnlyContain(n => n.GetProperty("master").GetBoolean());
                status.GetProperty("status").GetString().Should().Be("active", $"status on {node.Name}: {status}");
            }
        }
        finally
        {
            foreach (var node in nodes) await node.LeaveAsync();
        }
    }
}
