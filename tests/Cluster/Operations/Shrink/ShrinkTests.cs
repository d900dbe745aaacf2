using System.Text.Json;
using Gravity.Cluster.Tests.Operations.Expand;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Shrink;

/// <summary>
/// Nodes leave and are removed, on machines of their own (network namespaces): a regular node leaves, a lost master is
/// removed with --force and replaced as the guide's "Recovering a Node" says, and a reachable node is removed from
/// another one, its agent cleaning it up.
/// </summary>
public sealed class ShrinkTests
{
    [NetworkNamespaceFact]
    public async Task Leave_remove_of_a_lost_master_replacement_and_remove_of_a_reachable_node()
    {
        using var dir = new TempDir("shrink");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2", "node-3", "node-4");
        var nodes = network.Nodes.Select(m => new NamespacedNode(m, dir.Path)).ToList();
        var (n1, n2, n3, n4) = (nodes[0], nodes[1], nodes[2], nodes[3]);
        try
        {
            var image = await Operations.TestClusterImage.CreateAsync(dir.Path);
            await n1.InstallAsync(image);
            foreach (var joiner in new[] { n2, n3 }) (await joiner.JoinAsync(n1)).ExitCode.Should().Be(0);

            // A fourth node is a regular node (three masters at most): no etcd member, no registry, pulls from a master.
            var join4 = await n4.JoinAsync(n2);
            join4.ExitCode.Should().Be(0, join4.Combined);
            join4.StdOut.Should().Contain("as a regular node");
            (await Listed(n1)).Should().BeEquivalentTo(new[] { ("node-1", true), ("node-2", true), ("node-3", true), ("node-4", false) });
            (await Members(n1)).Should().BeEquivalentTo(["node-1", "node-2", "node-3"]);
            var pull = await n4.Machine.RunAsync("ctr", ["--address", Path.Combine(n4.StateDir, "containerd", "containerd.sock"), "images", "pull",
                "--hosts-dir", Path.Combine(n4.StateDir, "containerd", "certs.d"), Operations.TestClusterImage.Images[1]]);
            pull.ExitCode.Should().Be(0, pull.Combined);
            var status4 = await n4.StatusAsync();
            status4.GetProperty("status").GetString().Should().Be("active", $"a regular node's status comes through its etcd proxy: {status4}");

            // The regular node leaves: out of the records, nothing of ours left on it.
            (await n4.GravityAsync("leave", "--state-dir", n4.StateDir)).ExitCode.Should().Be(0);
            Directory.Exists(n4.StateDir).Should().BeFalse();
            (await Listed(n1)).Select(n => n.Name).Should().BeEquivalentTo(["node-1", "node-2", "node-3"]);

            // node-3 is lost: removing it needs --force, which removes it from every record.
            await n3.Machine.DisconnectAsync();
            await UntilAsync(async () => (await n1.StatusAsync()).GetProperty("nodes").EnumerateArray()
                .Any(n => n.GetProperty("name").GetString() == "node-3" && n.GetProperty("status").GetString() == "offline"), "node-3 offline in node-1's status");
            (await n1.StatusAsync()).GetProperty("status").GetString().Should().Be("degraded", "a node whose agent cannot be reached degrades the cluster");
            var refused = await n1.GravityAsync("remove", "node-3", "--state-dir", n1.StateDir);
            refused.ExitCode.Should().NotBe(0);
            refused.Combined.Should().Contain("cannot be reached").And.Contain("--force");
            var forced = await n1.GravityAsync("remove", n3.Address, "--force", "--state-dir", n1.StateDir);
            forced.ExitCode.Should().Be(0, forced.Combined);
            forced.StdOut.Should().Contain("warning: node node-3 cannot be reached");
            (await Members(n1)).Should().BeEquivalentTo(["node-1", "node-2"]);
            (await Listed(n2)).Select(n => n.Name).Should().BeEquivalentTo(["node-1", "node-2"]);

            // A replacement joins with the cluster's token: three masters, active again.
            var replace = await n4.JoinAsync(n1);
            replace.ExitCode.Should().Be(0, replace.Combined);
            replace.StdOut.Should().Contain("as a master");
            (await Members(n2)).Should().BeEquivalentTo(["node-1", "node-2", "node-4"]);
            var status = await n1.StatusAsync();
            status.GetProperty("status").GetString().Should().Be("active");
            // Each node recorded its machine's host name when it was installed or joined; the text shows host / ip / profile.
            status.GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("name").GetString(), n.GetProperty("hostName").GetString()))
                .Should().BeEquivalentTo(new[] { n1, n2, n4 }.Select(n => ((string?)n.Name, (string?)n.Machine.HostName)));
            (await n2.GravityCheckedAsync("status", "--state-dir", n2.StateDir)).Should().Contain($"* {n4.Machine.HostName} / {n4.Address} / ");

            // node-4 is removed from node-1 by its host name: its agent uninstalls it.
            var removed = await n1.GravityAsync("remove", n4.Machine.HostName, "--state-dir", n1.StateDir);
            removed.ExitCode.Should().Be(0, removed.Combined);
            (await Members(n1)).Should().BeEquivalentTo(["node-1", "node-2"]);
            await Until(() => !Directory.Exists(n4.StateDir), "node-4's state folder removed by its own uninstall");
        }
        finally
        {
            await n3.Machine.ReconnectAsync();
            foreach (var node in nodes) await node.LeaveForcedAsync();
        }
    }

    private static async Task<IReadOnlyList<(string Name, bool Master)>> Listed(NamespacedNode node)
        => (await node.StatusAsync()).GetProperty("nodes").EnumerateArray()
            .Select(n => (n.GetProperty("name").GetString()!, n.GetProperty("master").GetBoolean())).ToList();

    private static async Task<IReadOnlyList<string>> Members(NamespacedNode node)
        => JsonDocument.Parse(await node.EtcdAsync("/v3/cluster/member/list")).RootElement.GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("name").GetString()!).ToList();

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        (await condition()).Should().BeTrue(what);
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++) await Task.Delay(100);
        condition().Should().BeTrue(what);
    }
}
