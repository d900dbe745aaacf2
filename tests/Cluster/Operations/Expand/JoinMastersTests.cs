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

    // Each namespace has its own /etc/hosts (ip netns exec binds /etc/netns/NAME/hosts), so the agents may manage it.
    private const string EtcHosts = "--manage-etc-hosts";

    [NetworkNamespaceFact]
    public async Task Three_masters_of_one_etcd_cluster_then_the_leaders_node_dies_and_a_regular_node_follows_the_next_leader()
    {
        using var dir = new TempDir("join3");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2", "node-3", "node-4");
        var all = network.Nodes.Select(m => new NamespacedNode(m, dir.Path)).ToList();
        var nodes = all.Take(3).ToList();
        try
        {
            var image = await Operations.TestClusterImage.CreateAsync(dir.Path);
            await nodes[0].InstallAsync(image, EtcHosts);
            foreach (var joiner in nodes.Skip(1))
            {
                var join = await joiner.JoinAsync(nodes[0], EtcHosts);
                join.ExitCode.Should().Be(0, join.Combined);
                join.StdOut.Should().Contain("as a master");
            }

            foreach (var node in nodes)
            {
                // etcd of three members just formed may miss status's 3 s deadline once on a loaded machine (degraded, "not reachable").
                var status = await UntilAsync(node.StatusAsync, s => s.GetProperty("status").GetString() == "active", $"status on {node.Name} active", attempts: 20);
                var listed = status.GetProperty("nodes").EnumerateArray().ToList();
                listed.Select(n => n.GetProperty("name").GetString()).Should().BeEquivalentTo(["node-1", "node-2", "node-3"], $"status on {node.Name}: {status}");
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

            // A regular node joins through the leader, without /etc/hosts managed (the default): its containerd follows
            // the leader by itself. leader.telekube.local names the leader on every master.
            var leader = await UntilAsync(async () => await nodes[0].LeaderAsync(), l => l is not null, "a leader elected");
            var peer = nodes.Single(n => n.Name == leader!.Node);
            var regular = all[3];
            var join4 = await regular.JoinAsync(peer);
            join4.ExitCode.Should().Be(0, join4.Combined);
            join4.StdOut.Should().Contain("as a regular node");
            foreach (var node in nodes)
                await UntilAsync(() => node.ResolveAsync("leader.telekube.local"), ip => ip == peer.Address, $"leader.telekube.local on {node.Name}");

            // The leader's node dies (its processes killed, its link down): another master leads within the lease and
            // an etcd election, every surviving master's history says so, and the regular node pulls from the new leader.
            await peer.Machine.KillProcessesAsync();
            await peer.Machine.DisconnectAsync();
            var survivors = nodes.Where(n => n != peer).ToList();
            var next = (await UntilAsync(() => survivors[0].LeaderAsync(), l => l is not null && l.Node != peer.Name, "another master elected", attempts: 120))!;
            survivors.Select(n => n.Name).Should().Contain(next.Node);
            var nextAddress = survivors.Single(n => n.Name == next.Node).Address;
            foreach (var node in survivors)
                await UntilAsync(() => node.GravityCheckedAsync("status", "history", "--state-dir", node.StateDir, "--format", "json"),
                    h => JsonDocument.Parse(h).RootElement.EnumerateArray().Any(e => e.GetProperty("type").GetString() == "Leader Elected" && e.GetProperty("node").GetString() == next.Node),
                    $"Leader Elected {next.Node} in the history of {node.Name}");
            foreach (var node in survivors)
                await UntilAsync(() => node.ResolveAsync("leader.telekube.local"), ip => ip == nextAddress, $"leader.telekube.local on {node.Name} after the failover");
            // The regular node's agent learns of the new leader through its etcd proxy, which may first have to leave the
            // dead master's etcd: its route follows within a bounded wait, not at the same instant as the masters'.
            var pull4 = await UntilAsync(() => regular.PullAsync(Operations.TestClusterImage.Images[1]), r => r.ExitCode == 0,
                "the regular node pulls from the new leader, not from the master it joined through", attempts: 30);
            pull4.ExitCode.Should().Be(0, pull4.Combined);
        }
        finally
        {
            foreach (var node in all) await node.Machine.ReconnectAsync();
            foreach (var node in all) await node.LeaveForcedAsync();
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int attempts = 60)
    {
        var value = await read();
        for (var i = 0; i < attempts && !condition(value); i++)
        {
            await Task.Delay(500);
            value = await read();
        }
        condition(value).Should().BeTrue($"{what} (last seen: {value})");
        return value;
    }
}
