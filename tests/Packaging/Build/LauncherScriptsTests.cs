using Gravity.Core.Processes;
using Gravity.Packaging.Build;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// The ./upload and ./upgrade scripts of a cluster image, run by sh with a stand-in gravity next to them that records
/// how it was called: upload hands over to `gravity upload` of the image's folder; upgrade refuses a user other than
/// root (a real unprivileged uid, through setpriv) before calling anything, else uploads with the common flags and
/// then upgrades with every argument; a failed upload stops it.
/// </summary>
public sealed class LauncherScriptsTests
{
    [Fact]
    public async Task Upload_runs_gravity_upload_from_the_image_folder()
    {
        using var dir = new TempDir("launcher");
        var image = Prepare(dir);

        var run = await ProcessRunner.RunAsync(Path.Combine(image, "upload"), ["-q"]);

        run.ExitCode.Should().Be(0, run.Combined);
        Calls(dir).Should().Equal([$"upload --from {image} -q"]);
    }

    [Fact]
    public async Task Upgrade_uploads_with_the_common_flags_then_upgrades_with_all_arguments()
    {
        using var dir = new TempDir("launcher");
        var image = Prepare(dir);

        var run = await ProcessRunner.RunAsync(Path.Combine(image, "upgrade"), ["--state-dir", "/var/lib/x", "--manual", "-q"]);

        run.ExitCode.Should().Be(0, run.Combined);
        Calls(dir).Should().Equal([$"upload --from {image} --state-dir /var/lib/x -q", "upgrade --state-dir /var/lib/x --manual -q"]);
    }

    [Fact]
    public async Task Upgrade_stops_when_the_upload_fails()
    {
        using var dir = new TempDir("launcher");
        var image = Prepare(dir, failUpload: true);

        var run = await ProcessRunner.RunAsync(Path.Combine(image, "upgrade"), ["--manual"]);

        run.ExitCode.Should().Be(3);
        Calls(dir).Should().Equal([$"upload --from {image}"]);
    }

    [Fact]
    public async Task Upgrade_refuses_a_user_other_than_root_before_anything()
    {
        using var dir = new TempDir("launcher");
        var image = Prepare(dir);
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);

        var run = await ProcessRunner.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Path.Combine(image, "upgrade"), "--manual"]);

        run.ExitCode.Should().Be(1, run.Combined);
        run.StdErr.Should().Contain("upgrade must run as root").And.Contain("sudo");
        Calls(dir).Should().BeEmpty("neither upload nor upgrade ran");
    }

    /// <summary>The image folder with the two scripts and a gravity that appends its arguments to DIR/calls (and fails upload with 3 when asked).</summary>
    private static string Prepare(TempDir dir, bool failUpload = false)
    {
        var image = dir.Combine("image");
        Directory.CreateDirectory(image);
        Write(Path.Combine(image, "upload"), LauncherScripts.Upload("app", "2.0.0"));
        Write(Path.Combine(image, "upgrade"), LauncherScripts.Upgrade("app", "2.0.0"));
        Write(Path.Combine(image, "gravity"), "#!/bin/sh\n" +
            $"echo \"$*\" >> '{dir.Combine("calls")}'\n" +
            (failUpload ? "[ \"$1\" = upload ] && exit 3\n" : "") +
            "exit 0\n");
        return image;
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private static string[] Calls(TempDir dir) => File.Exists(dir.Combine("calls")) ? File.ReadAllLines(dir.Combine("calls")) : [];
}
