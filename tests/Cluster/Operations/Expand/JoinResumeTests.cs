using System.Diagnostics;
using System.Text.Json;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>A join killed with SIGKILL in each of its phases in turn, resumed each time, completes.</summary>
public sealed class JoinResumeTests
{
    private static readonly string[] MasterPhases =
    [
        ExpandPhases.Checks, ExpandPhases.User, ExpandPhases.Certificates, ExpandPhases.Bootstrap, ExpandPhases.Pull, ExpandPhases.PreNodeAdd,
        ExpandPhases.Etcd, ExpandPhases.System, ExpandPhases.Wait, ExpandPhases.Registry, ExpandPhases.PostNodeAdd, ExpandPhases.Elect,
    ];

    [NetworkNamespaceFact]
    public async Task A_join_killed_in_every_phase_and_resumed_completes()
    {
        using var dir = new TempDir("join-kill");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2");
        var (n1, n2) = (new NamespacedNode(network.Nodes[0], dir.Path), new NamespacedNode(network.Nodes[1], dir.Path));
        try
        {
            await n1.InstallAsync(await Operations.TestClusterImage.CreateAsync(dir.Path));
            var store = new OperationStore(n2.StateDir);
            for (var i = 0; i < MasterPhases.Length; i++)
            {
                string[] args = i == 0
                    ? ["join", n1.Address, "--token", NamespacedNode.Token, "--state-dir", n2.StateDir, "--node-name", n2.Name, "--advertise-addr", n2.Address,
                        "--service-uid", "0", "--service-gid", "0"]
                    : i % 2 == 1 ? ["join", "--resume", "--state-dir", n2.StateDir] : ["plan", "resume", "--state-dir", n2.StateDir];
                await KillInPhaseAsync(n2, store, MasterPhases[i], args);
                if (MasterPhases[i] == ExpandPhases.PostNodeAdd)
                {
                    // The join's journal reached etcd: the master it joins shows the same states of it (every change
                    // before the one the kill may have cut off on its way to etcd).
                    var plan = JsonDocument.Parse(await n1.GravityCheckedAsync("plan", "--state-dir", n1.StateDir, "--format", "json")).RootElement;
                    plan.GetProperty("operationType").GetString().Should().Be("expand", plan.ToString());
                    var states = plan.GetProperty("phases").EnumerateArray().ToDictionary(p => p.GetProperty("phase").GetString()!, p => p.GetProperty("state").GetString());
                    states[ExpandPhases.Wait].Should().Be("Completed");
                    states[ExpandPhases.Registry].Should().Be("Completed");
                    states[ExpandPhases.Elect].Should().Be("Unstarted");
                }
            }
            var last = await n2.GravityAsync("plan", "resume", "--state-dir", n2.StateDir);
            last.ExitCode.Should().Be(0, last.Combined);

            (await store.GetCurrentAsync())!.State.Should().Be(OperationState.Completed);
            var status = await n1.StatusAsync();
            status.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().BeEquivalentTo(["node-1", "node-2"]);
            var members = JsonDocument.Parse(await n2.EtcdAsync("/v3/cluster/member/list")).RootElement.GetProperty("members").EnumerateArray().ToList();
            members.Should().HaveCount(2);
            members.Where(m => m.TryGetProperty("isLearner", out var learner) && learner.GetBoolean()).Should().BeEmpty("the learner was promoted");
            (await n2.GravityCheckedAsync("registry", "list", "--state-dir", n2.StateDir, "--format", "json"))
                .Should().Be(await n1.GravityCheckedAsync("registry", "list", "--state-dir", n1.StateDir, "--format", "json"));
        }
        finally
        {
            await n2.LeaveForcedAsync();
            await n1.LeaveForcedAsync();
        }
    }

    /// <summary>Runs gravity with the phase held In Progress (a failpoint) and kills it -9 there.</summary>
    private static async Task KillInPhaseAsync(NamespacedNode node, OperationStore store, string phase, string[] args)
    {
        var psi = node.Machine.StartInfo(ProgramUnderTest.Gravity.FileName, [.. ProgramUnderTest.Gravity.Arguments(args)]);
        psi.Environment[Failpoints.PauseInPhaseVariable] = phase;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var killed = false;
        for (var i = 0; i < 1200 && !killed && !process.HasExited; i++)
        {
            if (store.Database.Exists && await store.GetCurrentAsync() is { } op
                && (await store.ListChangesAsync(op.Id)).LastOrDefault() is { State: PhaseState.InProgress } latest && latest.PhaseId == phase)
            {
                process.Kill();
                killed = true;
            }
            else await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        killed.Should().BeTrue($"gravity {string.Join(' ', args)} must be killed in {phase}:\n{await output}\n{await errors}");
    }
}
