using System.Diagnostics;
using Gravity.Testing;

namespace Gravity.Manifest.Tests;

/// <summary>file:// fields read only regular files inside the application's folder (links resolved) or a folder the
/// user allowed; never host files, /proc, /sys, /dev, FIFOs or devices.</summary>
public sealed class FileConfinementTests : IDisposable
{
    private readonly TempDir _outside = new("gravity-outside");
    private readonly TempDir _app;

    public FileConfinementTests() => _app = new TempDir("gravity-app");

    public void Dispose()
    {
        _app.Dispose();
        _outside.Dispose();
    }

    private (string Path, int Line, int Column) WriteManifest(string marked)
    {
        var text = Marked.Header + marked;
        var (yaml, line, column) = text.Contains(Marked.Marker) ? Marked.Strip(text) : (text, 0, 0);
        var path = _app.Combine("app.yaml");
        File.WriteAllText(path, yaml);
        return (path, line, column);
    }

    private static ManifestError SingleError(ManifestLoadResult result)
    {
        result.Succeeded.Should().BeFalse();
        return result.Errors.Should().ContainSingle().Subject;
    }

    [Theory]
    [InlineData("file:///etc/shadow")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file://../../../../../../../../etc/passwd")]
    public async Task A_host_file_outside_the_application_folder_is_refused(string uri)
    {
        var (path, line, column) = WriteManifest($"releaseNotes: »{uri}\n");
        var error = SingleError(await Bounded.LoadAsync(path));
        (error.File, error.Line, error.Column, error.FieldPath).Should().Be((path, line, column, "releaseNotes"));
        error.Message.Should().Contain("/etc/").And.Contain("outside the application's folder").And.Contain("--allow-path");
    }

    [Fact]
    public async Task The_process_environment_is_never_read()
    {
        var (path, line, _) = WriteManifest("releaseNotes: »file:///proc/self/environ\n");
        var result = await Bounded.LoadAsync(path, new ManifestLoadOptions { GetEnvironmentVariable = _ => null, AllowedPaths = ["/"] });
        var error = SingleError(result);
        (error.Line, error.FieldPath).Should().Be((line, "releaseNotes"));
        error.Message.Should().Contain("/proc, /sys or /dev");
    }

    [Fact]
    public async Task Dev_zero_is_refused_even_when_everything_is_allowed()
    {
        var (path, _, _) = WriteManifest("releaseNotes: file:///dev/zero\n");
        var error = SingleError(await Bounded.LoadAsync(path, new ManifestLoadOptions { GetEnvironmentVariable = _ => null, AllowedPaths = ["/"] }));
        error.Message.Should().Contain("/dev/zero").And.Contain("never read");
    }

    [Fact]
    public async Task A_link_inside_the_folder_to_a_host_file_is_refused()
    {
        File.CreateSymbolicLink(_app.Combine("notes.html"), "/etc/passwd");
        var (path, line, column) = WriteManifest("releaseNotes: »file://notes.html\n");
        var error = SingleError(await Bounded.LoadAsync(path));
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().Contain("a link to /etc/passwd").And.Contain("outside the application's folder");
    }

    [Fact]
    public async Task A_linked_folder_inside_the_application_folder_does_not_lead_out_of_it()
    {
        Directory.CreateSymbolicLink(_app.Combine("docs"), "/etc");
        var (path, _, _) = WriteManifest("releaseNotes: file://docs/passwd\n");
        SingleError(await Bounded.LoadAsync(path)).Message.Should().Contain("outside the application's folder");
    }

    [Fact]
    public async Task An_allowed_folder_is_read_with_its_links_resolved()
    {
        File.WriteAllText(_outside.Combine("notes.html"), "<p>notes</p>");
        var (path, _, _) = WriteManifest($"releaseNotes: file://{_outside.Combine("notes.html")}\n");
        var refused = SingleError(await Bounded.LoadAsync(path));
        refused.Message.Should().Contain("outside the application's folder");

        var allowed = await Bounded.LoadAsync(path, new ManifestLoadOptions { GetEnvironmentVariable = _ => null, AllowedPaths = [_outside.Path] });
        allowed.ErrorText.Should().BeEmpty();
        allowed.Manifest!.ReleaseNotes.Should().Be("<p>notes</p>");
        allowed.Inlined.Should().ContainSingle().Which.Should().Be(new InlinedContent("releaseNotes", HostFileRealPath(_outside.Combine("notes.html")), 12));
    }

    [Fact]
    public async Task A_fifo_is_refused_without_blocking()
    {
        var fifo = _app.Combine("notes.html");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        File.Exists(fifo).Should().BeTrue();
        var (path, line, _) = WriteManifest("releaseNotes: »file://notes.html\n");
        var error = SingleError(await Bounded.LoadAsync(path));
        (error.Line, error.FieldPath).Should().Be((line, "releaseNotes"));
        error.Message.Should().Contain("a FIFO, not a regular file");
    }

    [Fact]
    public async Task A_manifest_that_is_a_fifo_is_refused_without_blocking()
    {
        var fifo = _app.Combine("app.yaml");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        SingleError(await Bounded.LoadAsync(fifo)).Message.Should().Contain("not a regular file (it is a FIFO)");
    }

    [Fact]
    public async Task A_manifest_that_is_a_link_is_read_where_it_leads()
    {
        File.WriteAllText(_outside.Combine("shared.yaml"), Marked.Header);
        var link = _app.Combine("app.yaml");
        File.CreateSymbolicLink(link, _outside.Combine("shared.yaml"));
        var result = await Bounded.LoadAsync(link);
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.Metadata.Name.Should().Be("app");
    }

    [Fact]
    public async Task A_file_over_the_field_limit_is_refused()
    {
        await using (var big = File.Create(_app.Combine("notes.html"))) big.SetLength(ManifestLimits.MaxFieldBytes + 1);
        var (path, _, _) = WriteManifest("releaseNotes: file://notes.html\n");
        SingleError(await Bounded.LoadAsync(path)).Message.Should().Contain($"larger than {ManifestLimits.MaxFieldBytes} bytes");
    }

    [Fact]
    public async Task Every_inlined_file_is_listed_with_its_size()
    {
        File.WriteAllText(_app.Combine("notes.html"), "hello");
        File.WriteAllText(_app.Combine("eula.txt"), "agree!");
        var (path, _, _) = WriteManifest("releaseNotes: file://notes.html\ninstaller:\n  eula:\n    source: file://eula.txt\n");
        var result = await Bounded.LoadAsync(path);
        result.ErrorText.Should().BeEmpty();
        var app = HostFileRealPath(_app.Path);
        result.Inlined.Should().Equal(
            new InlinedContent("releaseNotes", Path.Combine(app, "notes.html"), 5),
            new InlinedContent("installer.eula.source", Path.Combine(app, "eula.txt"), 6));
    }

    private static string HostFileRealPath(string path) => Gravity.Core.IO.HostFile.RealPath(path)!;
}
