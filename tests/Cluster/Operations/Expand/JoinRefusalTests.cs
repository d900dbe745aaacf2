using System.Text.Json;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>
/// Joins the cluster refuses, each before anything changes on either side: the joiner's state folder is not created
/// and the cluster still has its one node.
/// </summary>
public sealed class JoinRefusalTests
{
    private const string Manifest = """
        apiVersion: cluster.gravitational.io/v2
        kind: Cluster
        metadata:
          name: testapp
          resourceVersion: 1.2.3
        installer:
          flavors:
            items:
              - name: single
                nodes:
                  - profile: worker
                    count: 1
        nodeProfiles:
          - name: worker
            description: exactly one such node
            expandPolicy: fixed
          - name: big
            description: more memory than any test machine has
            requirements:
              ram:
                min: "100TB"
        """;

    [NetworkNamespaceFact]
    public async Task Bad_tokens_peers_roles_addresses_and_unmet_requirements_change_nothing()
    {
        using var dir = new TempDir("join-refused");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2", "node-3");
        var (first, joiner, other) = (new NamespacedNode(network.Nodes[0], dir.Path), new NamespacedNode(network.Nodes[1], dir.Path), new NamespacedNode(network.Nodes[2], dir.Path));
        try
        {
            var image = await Operations.TestClusterImage.CreateAsync(dir.Path, Manifest);
            await first.InstallAsync(image);
            // Another cluster, with a token of its own, on the third machine.
            await other.GravityCheckedAsync("install", "--from", image, "--state-dir", other.StateDir, "--cluster", "other-cluster", "--node-name", other.Name,
                "--advertise-addr", other.Address, "--token", "the-other-clusters-token", "--service-uid", "0", "--service-gid", "0");

            await Refused(joiner.GravityAsync("join", first.Address, "--token", "not-the-token", "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address),
                "bad join token");
            await Refused(joiner.JoinAsync(other), "bad join token"); // the first cluster's token at the other cluster
            await Refused(joiner.GravityAsync("join", $"{first.Address}:9", "--token", NamespacedNode.Token, "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address),
                "cannot reach the cluster node");
            await Refused(joiner.GravityAsync("join", $"{first.Address}:5000", "--token", NamespacedNode.Token, "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address),
                "is not a node of a gravity cluster");
            await Refused(joiner.JoinAsync(first, "--role", "nope"), "no such node profile (profiles: worker, big)");
            await Refused(joiner.JoinAsync(first), "expandPolicy: fixed");
            await Refused(joiner.JoinAsync(first, "--role", "big"), "preflight check(s) of profile big failed");
            await Refused(joiner.GravityAsync("join", first.Address, "--token", NamespacedNode.Token, "--state-dir", joiner.StateDir, "--advertise-addr", first.Address, "--role", "big"),
                $"at {first.Address} already");
            await Refused(joiner.GravityAsync("join", first.Address, "--token", NamespacedNode.Token, "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address,
                "--node-name", "node-1", "--role", "big"), "the cluster has a node node-1");

            // The gravity binary, for holders of the join token only ("curl ... -o gravity; ./gravity join ...").
            string[] Download(string token) => ["-sk", "-o", Path.Combine(dir.Path, "downloaded"), "-w", "%{http_code}", "-H", $"Authorization: Bearer {token}",
                $"https://{first.Address}:7575/v1/join/gravity"];
            (await joiner.Machine.RunAsync("curl", Download("not-the-token"))).StdOut.Should().Be("401");
            var binary = Path.Combine(first.StateDir, "bin", "gravity");
            var download = await joiner.Machine.RunAsync("curl", Download(NamespacedNode.Token));
            if (File.Exists(binary))
            {
                download.StdOut.Should().Be("200");
                (await File.ReadAllBytesAsync(Path.Combine(dir.Path, "downloaded"))).Should().Equal(await File.ReadAllBytesAsync(binary));
            }
            else download.StdOut.Should().Be("503", "a node that runs gravity through dotnet (debug tests) has no single-file binary to serve");

            // Join tokens as resources: one added works (the join gets past the token to the role), a revoked one is a bad token at once.
            const string added = "rack-2-token-0123456789";
            var tokenFile = Path.Combine(dir.Path, "token.yaml");
            await File.WriteAllTextAsync(tokenFile, $"kind: token\nversion: v2\nmetadata:\n  name: {added}\n");
            (await first.GravityCheckedAsync("resource", "create", tokenFile, "--state-dir", first.StateDir)).Should().Contain($"join token created: {added}");
            var listed = JsonDocument.Parse(await first.GravityCheckedAsync("resource", "get", "token", "--format", "json", "--state-dir", first.StateDir)).RootElement;
            listed.EnumerateArray().Select(t => t.GetProperty("token").GetString()).Should().Equal(NamespacedNode.Token, added);
            await Refused(joiner.GravityAsync("join", first.Address, "--token", added, "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address, "--role", "nope"),
                "no such node profile");
            (await first.GravityCheckedAsync("resource", "rm", "token", added, "--state-dir", first.StateDir)).Should().Contain("join token revoked");
            await Refused(joiner.GravityAsync("join", first.Address, "--token", added, "--state-dir", joiner.StateDir, "--advertise-addr", joiner.Address, "--role", "nope"),
                "bad join token");
            (await joiner.Machine.RunAsync("curl", Download(added))).StdOut.Should().Be("401");
            await Refused(first.GravityAsync("resource", "rm", "token", added, "--state-dir", first.StateDir), "no such join token");

            Directory.Exists(joiner.StateDir).Should().BeFalse("a refused join writes nothing on the joining node");
            var status = await first.StatusAsync();
            status.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().Equal("node-1");
            status.GetProperty("status").GetString().Should().Be("active");
        }
        finally
        {
            foreach (var node in new[] { first, joiner, other }) await node.LeaveForcedAsync();
        }
    }

    private static async Task Refused(Task<Gravity.Core.Processes.ProcessResult> run, string message)
    {
        var r = await run;
        r.ExitCode.Should().NotBe(0, r.Combined);
        r.Combined.Should().Contain(message);
    }
}
