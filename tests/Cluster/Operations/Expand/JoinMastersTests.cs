using System.Text.Json;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>
/// Joins on machines of their own (network namespaces on a private bridge), each node with its own etcd member,
/// registry and agent on the standard ports.
/// </summary>
public sealed class JoinMastersTests
{
    private static bool IsLearner(JsonElement member) => member.TryGetProperty("isLearner", out var learner) && learner.GetBoolean();

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

            // The health endpoint of every node reports all three (each as its own agent reported itself).
            foreach (var node in nodes)
            {
                var names = Array.Empty<string?>();
                for (var i = 0; i < 60 && names.Length < 3; i++)
                {
                    var health = await node.Machine.RunAsync("curl", ["-sk", "https://127.0.0.1:7575/"]);
                    names = health.ExitCode == 0 && health.StdOut.StartsWith('{')
                        ? JsonDocument.Parse(health.StdOut).RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ToArray()
                        : [];
                    if (names.Length < 3) await Task.Delay(500);
                }
                names.Should().BeEquivalentTo(["node-1", "node-2", "node-3"], $"the health endpoint of {node.Name}");
            }

            // One etcd cluster of three voting members.
            var members = JsonDocument.Parse(await nodes[0].EtcdAsync("/v3/cluster/member/list")).RootElement.GetProperty("members").EnumerateArray().ToList();
            members.Select(m => m.GetProperty("name").GetString()).Should().BeEquivalentTo(["node-1", "node-2", "node-3"]);
            members.Where(IsLearner).Should().BeEmpty("every joined member was promoted");

            // Every master's registry holds every tag of the cluster, with the same digests.
            var expected = await nodes[0].GravityCheckedAsync("registry", "list", "--state-dir", nodes[0].StateDir, "--format", "json");
            JsonDocument.Parse(expected).RootElement.GetArrayLength().Should().Be(Operations.TestClusterImage.Images.Length);
            foreach (var node in nodes.Skip(1))
                (await node.GravityCheckedAsync("registry", "list", "--state-dir", node.StateDir, "--format", "json")).Should().Be(expected, $"the registry of {node.Name}");

            // containerd of the third node pulls an application image by the cluster registry's name.
            var pull = await nodes[2].Machine.RunAsync("ctr", ["--address", Path.Combine(nodes[2].StateDir, "containerd", "containerd.sock"), "images", "pull",
                "--hosts-dir", Path.Combine(nodes[2].StateDir, "containerd", "certs.d"), Operations.TestClusterImage.Images[0]]);
            pull.ExitCode.Should().Be(0, pull.Combined);
        }
        finally
        {
            foreach (var node in nodes) await node.LeaveForcedAsync();
        }
    }
}
