using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>
/// End to end on namespaced machines: node-1 publishes the cluster into a discovery file, node-2 finds it by the
/// cluster's name alone and joins. (The SSM double listens on the host's loopback, which no namespace reaches: the SSM
/// provider is covered by <see cref="SsmJoinDiscoveryTests"/> and <see cref="AutojoinCommandTests"/>.)
/// </summary>
public sealed class AutojoinTests
{
    [NetworkNamespaceFact]
    public async Task A_node_joins_by_the_cluster_name_through_a_discovery_file_published_by_a_cluster_node()
    {
        using var dir = new TempDir("autojoin");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2");
        var nodes = network.Nodes.Select(m => new Expand.NamespacedNode(m, dir.Path)).ToList();
        try
        {
            var image = await Operations.TestClusterImage.CreateAsync(dir.Path);
            await nodes[0].InstallAsync(image);
            var file = Path.Combine(dir.Path, "discovery.json");
            var published = await nodes[0].GravityCheckedAsync("discovery", "publish", "--provider", "file", "--discovery-file", file, "--state-dir", nodes[0].StateDir);
            published.Should().Contain(file).And.NotContain(Expand.NamespacedNode.Token);
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.ReadAllText(file).Should().Contain($"https://{nodes[0].Address}:7575").And.Contain(Expand.NamespacedNode.Token);

            var join = await nodes[1].GravityAsync("autojoin", "test-cluster", "--discovery-file", file, "--state-dir", nodes[1].StateDir,
                "--node-name", nodes[1].Name, "--advertise-addr", nodes[1].Address, "--service-uid", "0", "--service-gid", "0");
            join.ExitCode.Should().Be(0, join.Combined);
            join.StdOut.Should().Contain("as a master").And.NotContain(Expand.NamespacedNode.Token);

            var status = await nodes[1].StatusAsync();
            status.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().BeEquivalentTo(["node-1", "node-2"]);
        }
        finally
        {
            foreach (var node in nodes) await node.LeaveForcedAsync();
        }
    }
}
