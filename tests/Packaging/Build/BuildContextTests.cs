using System.Diagnostics;
using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Packaging.Build;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// The application's folder is the build context: a manifest that breaks the loader's limits ends tele build with a
/// positioned error (even one that used to overflow the stack), file:// fields outside the folder need --allow-path,
/// --dry-run lists what was inlined, and links or FIFOs in the folder cannot pull host files into the image.
/// </summary>
public sealed class BuildContextTests : IDisposable
{
    private const string Header = """
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: app
          resourceVersion: 1.0.0

        """;

    private static readonly Dictionary<string, string?> Environment = new() { ["NO_COLOR"] = "1" };

    private readonly TempDir _dir = new("gravity-context");

    public BuildContextTests() => Directory.CreateDirectory(AppDir);

    public void Dispose() => _dir.Dispose();

    private string AppDir => _dir.Combine("app");

    private string WriteManifest(string yaml)
    {
        var path = Path.Combine(AppDir, "app.yaml");
        File.WriteAllText(path, Header + yaml);
        return path;
    }

    private Task<ProcessResult> DryRunAsync(params string[] extra) => ProgramUnderTest.Tele.RunAsync(
        ["build", AppDir, "--dry-run", "--state-dir", _dir.Combine("state"), .. extra], _dir.Path, Environment, TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_manifest_nested_100000_deep_fails_with_the_position_instead_of_overflowing_the_stack()
    {
        var path = WriteManifest("x-deep: " + new string('[', 100_000) + "\n");
        var build = await DryRunAsync();
        build.ExitCode.Should().Be(1, build.Combined);
        build.Combined.Should().Contain($"{path}:6:{"x-deep: ".Length + 64}: mappings and lists are nested more than 64 deep");
    }

    [Fact]
    public async Task A_self_referencing_merge_fails_with_the_position_instead_of_recursing_forever()
    {
        var path = WriteManifest("a: &x {<<: *x}\n");
        var build = await DryRunAsync();
        build.ExitCode.Should().Be(1, build.Combined);
        build.Combined.Should().Contain($"{path}:6:12: alias *x refers to the node that contains it (&x)");
    }

    [Fact]
    public async Task A_file_outside_the_folder_needs_allow_path_and_dry_run_lists_what_was_inlined()
    {
        var notes = _dir.Combine("notes.html");
        File.WriteAllText(notes, "<p>release notes</p>");
        File.WriteAllText(Path.Combine(AppDir, "eula.txt"), "agree");
        var path = WriteManifest($"releaseNotes: file://{notes}\ninstaller:\n  eula:\n    source: file://eula.txt\n");

        var refused = await DryRunAsync();
        refused.ExitCode.Should().Be(1, refused.Combined);
        refused.Combined.Should().Contain($"{path}:6:15: releaseNotes: {notes}").And.Contain("outside the application's folder");

        var allowed = await DryRunAsync("--allow-path", _dir.Path);
        allowed.ExitCode.Should().Be(0, allowed.Combined);
        allowed.StdOut.Should().Contain("Inlined into app.yaml (2):")
            .And.Contain($"releaseNotes: {notes} (20 bytes)")
            .And.Contain($"installer.eula.source: {Path.Combine(AppDir, "eula.txt")} (5 bytes)");
    }

    private Task<BuildResult> PlanAsync() => ClusterImageBuilder.BuildAsync(new BuildRequest
    {
        ManifestPath = AppDir, DryRun = true, StateDir = _dir.Combine("state"), GetEnvironmentVariable = _ => null,
    }).WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_resource_reached_through_a_linked_folder_cannot_bring_a_host_file_in()
    {
        WriteManifest("");
        Directory.CreateSymbolicLink(Path.Combine(AppDir, "conf"), "/etc");
        // The link's own target (conf/passwd) is inside the folder; only its real path shows it is /etc/passwd.
        File.CreateSymbolicLink(Path.Combine(AppDir, "users.yaml"), Path.Combine(AppDir, "conf", "passwd"));
        var act = PlanAsync;
        var error = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        error.Should().Contain($"{Path.Combine(AppDir, "users.yaml")}: leads to /etc/passwd, outside the application's folder");
        error.Should().Contain($"{Path.Combine(AppDir, "conf")}: is a link to /etc, outside the application's folder");
    }

    [Fact]
    public async Task A_link_to_a_host_file_is_refused_rather_than_silently_left_out()
    {
        WriteManifest("");
        File.CreateSymbolicLink(Path.Combine(AppDir, "secret.yaml"), "/etc/shadow");
        var act = PlanAsync;
        (await act.Should().ThrowAsync<GravityException>()).Which.Message
            .Should().Contain($"{Path.Combine(AppDir, "secret.yaml")}: is a link to /etc/shadow, outside the application's folder");
    }

    [Fact]
    public async Task A_fifo_in_the_folder_is_refused_without_blocking_the_build()
    {
        WriteManifest("");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(AppDir, "pipe.yaml")])) await mkfifo.WaitForExitAsync();
        var act = PlanAsync;
        (await act.Should().ThrowAsync<GravityException>()).Which.Message
            .Should().Contain($"{Path.Combine(AppDir, "pipe.yaml")}: is a FIFO, not a regular file");
    }

    [Fact]
    public async Task Links_that_stay_inside_the_folder_still_ship()
    {
        WriteManifest("");
        File.WriteAllText(Path.Combine(AppDir, "real.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        File.CreateSymbolicLink(Path.Combine(AppDir, "alias.yaml"), "real.yaml");
        var result = await PlanAsync();
        result.Plan.Resources.Select(r => r.Path).Should().Equal("alias.yaml", "real.yaml");
    }
}
