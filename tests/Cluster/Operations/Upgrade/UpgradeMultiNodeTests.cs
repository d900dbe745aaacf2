using Gravity.Cluster.Agents;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Tests.Operations.Expand;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>
/// An upgrade of two nodes, each in its own network namespace: `gravity upgrade` on node-1 deploys an update agent on
/// every node, runs node-2's phases (its system-upgrade restarts node-2's node agent) through node-2's update agent,
/// and shuts the agents down at the end; both nodes then run the new runtime package.
/// </summary>
public sealed class UpgradeMultiNodeTests
{
    private const string NextKubernetes = "1.35.3";

    [NetworkNamespaceFact]
    public async Task An_upgrade_runs_the_other_nodes_phases_on_their_update_agents_and_every_node_ends_on_the_new_runtime()
    {
        using var dir = new TempDir("upgrade-nodes");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2");
        var (n1, n2) = (new NamespacedNode(network.Nodes[0], dir.Path), new NamespacedNode(network.Nodes[1], dir.Path));
        // Programs the agent does not run: the host's etcd and containerd serve both nodes, the runtime folder still switches.
        var programs = RuntimePackageTestImage.SmallPrograms(dir.Combine("programs"), "kubectl", "helm");
        try
        {
            await n1.InstallAsync(await TestClusterImage.CreateAsync(Path.Combine(dir.Path, "v1"), runtimePrograms: programs));
            var join = await n2.JoinAsync(n1);
            join.ExitCode.Should().Be(0, join.Combined);

            var gravity = ProgramUnderTest.Gravity;
            var version = gravity.IsPublished
                ? new TestClusterImageVersion(Version: "2.0.0", KubernetesVersion: NextKubernetes, GravityBinaryFile: gravity.FileName)
                : new TestClusterImageVersion(Version: "2.0.0", KubernetesVersion: NextKubernetes, GravityBinary: "#!/bin/sh\nexit 1\n");
            var next = await TestClusterImage.CreateAsync(Path.Combine(dir.Path, "v2"), version, runtimePrograms: programs);
            await n1.GravityCheckedAsync("upload", "--from", next, "--state-dir", n1.StateDir);

            var output = await n1.GravityCheckedAsync("upgrade", "--state-dir", n1.StateDir);

            output.Should().Contain("update agent deployed on node node-2").And.Contain("/masters/node-2/system-upgrade").And.Contain("completed");
            foreach (var n in new[] { n1, n2 })
            {
                var layout = new StateFolder(n.StateDir);
                KubernetesOf(layout.RuntimeDir).Should().Be(NextKubernetes, $"{n.Name} runs the new runtime package");
                Directory.Exists(layout.RuntimePrevious).Should().BeFalse($"gc ran on {n.Name}");
                UpdateAgentLauncher.RunningPid(layout).Should().BeNull($"the update agent of {n.Name} was shut down at the end");
            }
            var status = await n1.StatusAsync();
            status.ToString().Should().Contain("2.0.0");
        }
        finally
        {
            await n2.LeaveForcedAsync();
            await n1.LeaveForcedAsync();
        }
    }

    private static string KubernetesOf(string runtimeDir)
        => System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runtimeDir, "runtime.json"))).RootElement.GetProperty("kubernetesVersion").GetString()!;
}
