using Gravity.Cluster.Tests.Operations;
using Gravity.Cluster.Operations;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>What `gravity install` refuses before any phase runs (nothing in the state folder afterwards), and the manual plan.</summary>
[Collection(InstallCollection.Name)]
public sealed class InstallRefusalTests
{
    [Fact]
    public async Task Damaged_cluster_image_is_refused_before_any_phase()
    {
        using var f = await InstallFixture.CreateAsync();
        var blob = Directory.EnumerateFiles(Path.Combine(f.ImageDir, "packages", "blobs", "sha256")).OrderByDescending(p => new FileInfo(p).Length).First();
        await using (var s = File.OpenWrite(blob)) { s.Seek(100, SeekOrigin.Begin); s.WriteByte(0x42); s.WriteByte(0x43); }

        var r = await GravityCli.RunAsync(f.InstallArgs());

        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("damaged cluster image").And.Contain(Path.GetFileName(blob));
        Directory.Exists(f.StateDir).Should().BeFalse("nothing may change on the node for a damaged image");
    }

    [Fact]
    public async Task Unknown_role_is_refused_before_anything_changes()
    {
        using var f = await InstallFixture.CreateAsync();

        var r = await GravityCli.RunAsync(f.InstallArgs("--role", "database"));

        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("--role database").And.Contain("worker");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task Application_that_needs_kubernetes_is_refused_in_checks_before_anything_starts_or_is_written()
    {
        using var f = await InstallFixture.CreateAsync(resources: new Dictionary<string, string> { ["web.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n" });
        Directory.CreateDirectory(f.StateDir);
        await File.WriteAllTextAsync(Path.Combine(f.StateDir, "operator-notes"), "kept");

        foreach (var extra in new string[][] { [], ["--manual"] })
        {
            var r = await GravityCli.RunAsync(f.InstallArgs(extra));

            r.ExitCode.Should().Be(1, r.Combined);
            r.StdErr.Should().Contain("/checks").And.Contain("needs Kubernetes").And.Contain("web.yaml").And.Contain("no Kubernetes API server");
            Directory.EnumerateFileSystemEntries(f.StateDir, "*", SearchOption.AllDirectories).Should().Equal([Path.Combine(f.StateDir, "operator-notes")],
                "nothing may be written for an install that cannot finish");
            LeftoverProcesses.Find(f.StateDir).Should().BeEmpty("no service may start for an install that cannot finish");
        }
    }

    [Fact]
    public async Task Manual_install_creates_the_plan_and_phases_keep_their_order()
    {
        using var f = await InstallFixture.CreateAsync();

        f.ServiceId = InstallFixture.UnusedId;
        (await GravityCli.RunCheckedAsync(f.InstallArgs("--manual"))).Should().Contain("created the plan");

        var plan = await GravityCli.RunCheckedAsync("plan", "display", "--state-dir", f.StateDir);
        plan.Should().Contain("Phase").And.Contain("Requires").And.Contain("* unpack").And.Contain("/bootstrap");
        plan.Should().NotContain("Completed");

        var early = await GravityCli.RunAsync("plan", "execute", "--phase", "/unpack", "--state-dir", f.StateDir);
        early.ExitCode.Should().Be(1);
        early.StdErr.Should().Contain("requires phase /bootstrap");

        await GravityCli.RunCheckedAsync("plan", "execute", "--phase", "/checks", "--state-dir", f.StateDir);
        var again = await GravityCli.RunAsync("plan", "execute", "--phase", "/checks", "--state-dir", f.StateDir);
        again.StdErr.Should().Contain("already completed").And.Contain("--force");
        await GravityCli.RunCheckedAsync("plan", "execute", "--phase", "/configure", "--state-dir", f.StateDir);
        Directory.Exists(Path.Combine(f.StateDir, "secrets")).Should().BeTrue();
        (await ServiceUser.LookupAsync("passwd", InstallFixture.UnusedId, default)).Should().NotBeNull("the missing service user is created");
        (await ServiceUser.LookupAsync("group", InstallFixture.UnusedId, default)).Should().NotBeNull();

        await GravityCli.RunCheckedAsync("plan", "rollback", "--phase", "/configure", "--state-dir", f.StateDir);
        Directory.Exists(Path.Combine(f.StateDir, "secrets")).Should().BeFalse("rolling back /configure removes the certificates");
        (await ServiceUser.LookupAsync("passwd", InstallFixture.UnusedId, default)).Should().BeNull("rollback removes the user it created");
        (await ServiceUser.LookupAsync("group", InstallFixture.UnusedId, default)).Should().BeNull();
        (await GravityCli.RunCheckedAsync("plan", "complete", "--state-dir", f.StateDir)).Should().Contain("marked failed");

        var second = await GravityCli.RunAsync(f.InstallArgs());
        second.StdErr.Should().Contain("failed install").And.Contain("leave --force");
        await GravityCli.RunCheckedAsync("leave", "--force", "--state-dir", f.StateDir);
        Directory.Exists(f.StateDir).Should().BeFalse();
    }
}
