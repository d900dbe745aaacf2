using Gravity.Cluster.Tests.Operations;
using System.Text.Json;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;
using Gravity.Health.History;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>
/// `gravity install` of a cluster image into a temporary state folder with the real runtime (etcd, the cluster registry,
/// containerd, supervised by the node agent), then status, registry list, plan, history, containerd pulling from the
/// cluster registry, stop/start and leave.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class InstallEndToEndTests
{
    [Fact]
    public async Task Install_gives_an_active_cluster_and_leave_removes_everything()
    {
        using var f = await InstallFixture.CreateAsync();

        var output = await GravityCli.RunCheckedAsync(f.InstallArgs());
        output.Should().Contain("/export: importing").And.Contain("completed");

        using (var status = JsonDocument.Parse(await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir, "--format", "json")))
        {
            var r = status.RootElement;
            r.GetProperty("cluster").GetString().Should().Be("test-cluster");
            r.GetProperty("status").GetString().Should().Be("active");
            r.GetProperty("joinToken").GetString().Should().Be("join-secret");
            r.GetProperty("application").GetProperty("name").GetString().Should().Be(TestClusterImage.AppName);
            r.GetProperty("application").GetProperty("version").GetString().Should().Be(TestClusterImage.AppVersion);
            var node = r.GetProperty("nodes").EnumerateArray().Should().ContainSingle().Subject;
            (node.GetProperty("name").GetString(), node.GetProperty("advertiseAddr").GetString(), node.GetProperty("role").GetString(), node.GetProperty("status").GetString())
                .Should().Be(("node-1", "127.0.0.1", "worker", "healthy"));
            node.GetProperty("hostName").GetString().Should().Be(System.Net.Dns.GetHostName());
        }
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("Status:\t\tactive")
            .And.Contain($"    * {System.Net.Dns.GetHostName()} / 127.0.0.1 / ", "the node shows as host / ip / profile, its host name recorded at install");

        var list = await GravityCli.RunCheckedAsync("registry", "list", "--state-dir", f.StateDir);
        list.Should().Contain("testapp/web:1.0").And.Contain("testapp/worker:2.0");
        using (var json = JsonDocument.Parse(await GravityCli.RunCheckedAsync("registry", "list", "--registry", f.RegistryAddress, "--format", "json")))
            json.RootElement.EnumerateArray().Select(e => e.GetProperty("repository").GetString()).Should().Equal("testapp/web", "testapp/worker");

        var plan = await GravityCli.RunCheckedAsync("plan", "--state-dir", f.StateDir);
        plan.Should().Contain("* export").And.Contain("Completed").And.NotContain("Unstarted");

        (await new HistoryStore(f.StateDir).ListAsync()).Should().Contain(e => e.Type == ClusterEventType.NodeAdded && e.Node == "node-1");

        // containerd pulls over TLS with the node's client certificate, as hosts.toml says.
        var pull = await ProcessRunner.RunAsync("ctr", ["--address", Path.Combine(f.StateDir, "containerd", "containerd.sock"),
            "images", "pull", "--hosts-dir", Path.Combine(f.StateDir, "containerd", "certs.d"), $"{f.RegistryAddress}/testapp/web:1.0"], timeout: TimeSpan.FromSeconds(60));
        pull.ExitCode.Should().Be(0, pull.Combined);

        // The node record in the state folder holds the node's (non-default) settings, once, root's alone.
        var record = NodeAgentConfig.Load(f.StateDir);
        (record.Node.StateDir, record.Node.NodeName, record.Node.Role, record.Node.EtcdClientPort, record.Node.EtcdPeerPort, record.Node.RegistryPort, record.Node.HealthPort)
            .Should().Be((f.StateDir, "node-1", "worker", f.EtcdPort, f.EtcdPeerPort, f.RegistryPort, f.HealthPort));
        File.GetUnixFileMode(record.Node.Folder.NodeFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        await GravityCli.RunCheckedAsync("stop", "--state-dir", f.StateDir);
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("Status:\t\tstopped");
        LeftoverProcesses.Find(f.StateDir).Should().BeEmpty("stop ends every service");
        // start and status read the node's settings from its record alone: the install's copy keeps the old health port.
        var movedHealthPort = Gravity.Testing.FreePort.Next();
        await (record with { Node = record.Node with { HealthPort = movedHealthPort } }).SaveAsync();
        await GravityCli.RunCheckedAsync("start", "--state-dir", f.StateDir);
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("Status:\t\tactive");
        (await AgentLauncher.GetHealthAsync(NodeAgentConfig.Load(f.StateDir).Node)).Should().NotBeNull($"the agent serves health on {movedHealthPort}");
        (await InstalledNode.GetAsync(f.StateDir)).Config.Node.HealthPort.Should().Be(f.HealthPort);

        var refused = await GravityCli.RunAsync("leave", "--state-dir", f.StateDir);
        refused.ExitCode.Should().Be(1);
        refused.StdErr.Should().Contain("last node").And.Contain("--force");

        await GravityCli.RunCheckedAsync("leave", "--force", "--state-dir", f.StateDir);
        Directory.Exists(f.StateDir).Should().BeFalse("the install created the state folder, so leave removes it");
        LeftoverProcesses.Find(f.StateDir).Should().BeEmpty();
    }

    [Fact]
    public async Task Installer_killed_during_a_phase_is_completed_by_plan_resume()
    {
        using var f = await InstallFixture.CreateAsync();
        var store = new Gravity.Cluster.State.OperationStore(f.StateDir);

        // The installer holds /export In Progress (a failpoint) and is killed -9 there; the agent started by /runtime
        // is already up and survives it.
        using var installer = GravityCli.Start(
            new Dictionary<string, string> { [Gravity.Cluster.Plans.Failpoints.PauseInPhaseVariable] = InstallPhases.Export }, f.InstallArgs());
        string? killedIn = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (killedIn is null && DateTime.UtcNow < deadline && !installer.HasExited)
        {
            if (store.Database.Exists && await store.GetCurrentAsync() is { } op)
            {
                var changes = await store.ListChangesAsync(op.Id);
                var latest = changes.LastOrDefault();
                if (latest is { State: Gravity.Cluster.Plans.PhaseState.InProgress } && latest.PhaseId is InstallPhases.Export)
                {
                    installer.Kill(); // SIGKILL
                    killedIn = latest.PhaseId;
                }
            }
            if (killedIn is null) await Task.Delay(10);
        }
        await installer.WaitForExitAsync();
        killedIn.Should().NotBeNull("the installer must be killed in the middle of a phase");

        var current = (await store.GetCurrentAsync())!;
        current.State.Should().Be(Gravity.Cluster.State.OperationState.InProgress);
        (await GravityCli.RunCheckedAsync("plan", "--state-dir", f.StateDir)).Should().Contain("In Progress");
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("installing").And.Contain($"at {killedIn}");

        await GravityCli.RunCheckedAsync("plan", "resume", "--state-dir", f.StateDir);

        (await store.GetAsync(current.Id))!.State.Should().Be(Gravity.Cluster.State.OperationState.Completed);
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("Status:\t\tactive");
        (await GravityCli.RunCheckedAsync("registry", "list", "--state-dir", f.StateDir)).Should().Contain("testapp/worker:2.0");
        await GravityCli.RunCheckedAsync("leave", "--force", "--state-dir", f.StateDir);
    }
}
