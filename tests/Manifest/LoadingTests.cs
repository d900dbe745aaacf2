using Gravity.Testing;

namespace Gravity.Manifest.Tests;

/// <summary>LoadFileAsync: file:// and http(s):// fields, ${VAR} expansion, the logo as a data URL.</summary>
public sealed class LoadingTests : IDisposable
{
    private readonly TempDir _dir = new("gravity-manifest");

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes app.yaml (header + <paramref name="marked"/>, marker removed) and returns its path and the marker position.</summary>
    private (string Path, int Line, int Column) WriteManifest(string marked)
    {
        var text = Marked.Header + marked;
        if (text.Contains(Marked.Marker))
        {
            var (yaml, line, column) = Marked.Strip(text);
            return (Write("app.yaml", yaml), line, column);
        }
        return (Write("app.yaml", text), 0, 0);
    }

    private static Task<ManifestLoadResult> LoadAsync(string path, Dictionary<string, string>? env = null) =>
        ManifestLoader.LoadFileAsync(path, new ManifestLoadOptions { GetEnvironmentVariable = n => env?.GetValueOrDefault(n) });

    [Fact]
    public async Task Relative_and_absolute_file_uris_are_inlined()
    {
        Write("docs/notes.html", "<p>notes</p>\n");
        var eula = Write("legal/eula.txt", "Agree.");
        Write("checks/disk.sh", "#!/bin/sh\ntest -d /var\n");
        var (path, _, _) = WriteManifest($"""
            releaseNotes: file://docs/notes.html
            nodeProfiles:
              - name: node
                requirements:
                  customChecks:
                    - script: file://checks/disk.sh
            """ + "\n" + Marked.NodeFlavor + $"  eula:\n    source: file://{eula}\n");
        var result = await LoadAsync(path);
        result.ErrorText.Should().BeEmpty();
        eula.Should().StartWith("/");
        result.Manifest!.ReleaseNotes.Should().Be("<p>notes</p>\n");
        result.Manifest.Installer.Eula!.Source.Should().Be("Agree.");
        result.Manifest.NodeProfiles[0].Requirements.CustomChecks[0].Script.Should().Be("#!/bin/sh\ntest -d /var\n");
        ManifestLoader.Parse(result.FinalYaml!, "app.yaml").Manifest.Should().BeEquivalentTo(result.Manifest, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public async Task A_missing_file_names_the_field_the_path_and_the_manifest_line()
    {
        var (path, line, column) = WriteManifest("hooks:\n  install:\n    job: »file://hooks/install.yaml\n");
        var result = await LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.File, error.Line, error.Column, error.FieldPath).Should().Be((path, line, column, "hooks.install.job"));
        error.Message.Should().Contain(_dir.Combine("hooks", "install.yaml")).And.Contain("does not exist");
        error.ToString().Should().Be($"{path}:{line}:{column}: hooks.install.job: {error.Message}");
    }

    [Fact]
    public async Task Every_unloadable_field_is_reported_at_once()
    {
        var (path, _, _) = WriteManifest("releaseNotes: file://a.html\nlogo: file://b.png\nwebConfig: file://c.json\n");
        var result = await LoadAsync(path);
        result.Errors.Select(e => e.FieldPath).Should().Equal("releaseNotes", "logo", "webConfig");
        result.Errors.Should().OnlyContain(e => e.Message.Contains("does not exist"));
    }

    [Fact]
    public async Task An_unreachable_url_is_a_clear_error()
    {
        var closedPort = FreePort.Next();
        var url = $"http://127.0.0.1:{closedPort}/notes.html";
        var (path, line, column) = WriteManifest($"releaseNotes: »{url}\n");
        var result = await LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column, error.FieldPath).Should().Be((line, column, "releaseNotes"));
        error.Message.Should().Contain(url).And.Contain("unreachable");
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/eula.txt";
        var (path, _, _) = WriteManifest($"installer:\n  eula:\n    source: {url}\n");
        var result = await ManifestLoader.LoadFileAsync(path, new ManifestLoadOptions
        {
            GetEnvironmentVariable = _ => null, HttpTimeout = TimeSpan.FromMilliseconds(300),
        });
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain(url).And.Contain("did not answer in time");
    }

    [Fact]
    public async Task Http_content_is_downloaded_and_a_logo_becomes_a_data_url()
    {
        using var server = new LocalHttpServer(new()
        {
            ["/notes.html"] = ("<b>hello</b>"u8.ToArray(), "text/html"),
            ["/logo.png"] = (Images.Png, "image/png"),
            ["/job.yaml"] = ("kind: Job\nmetadata:\n  name: x\n"u8.ToArray(), "text/yaml"),
        });
        var (path, _, _) = WriteManifest($"""
            releaseNotes: {server.Url("/notes.html")}
            logo: {server.Url("/logo.png")}
            hooks:
              status:
                job: {server.Url("/job.yaml")}
            """ + "\n");
        var result = await LoadAsync(path);
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.ReleaseNotes.Should().Be("<b>hello</b>");
        result.Manifest.Logo.Should().Be("data:image/png;base64," + Convert.ToBase64String(Images.Png));
        result.Manifest.Hooks["status"].Job.Should().Be("kind: Job\nmetadata:\n  name: x\n");
        result.FinalYaml.Should().NotContain("http://");
    }

    [Fact]
    public async Task An_http_error_status_is_reported_with_the_url()
    {
        using var server = new LocalHttpServer([]);
        var (path, line, _) = WriteManifest($"webConfig: »{server.Url("/missing.json")}\n");
        var result = await LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.FieldPath).Should().Be((line, "webConfig"));
        error.Message.Should().Contain("HTTP 404").And.Contain("/missing.json");
    }

    [Fact]
    public async Task A_logo_that_is_not_an_image_is_rejected()
    {
        Write("logo.png", "this is text");
        var (path, line, column) = WriteManifest("logo: »file://logo.png\n");
        var result = await LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column, error.FieldPath).Should().Be((line, column, "logo"));
        error.Message.Should().Contain("is not an image");
    }

    [Fact]
    public async Task A_logo_file_of_each_format_is_stored_with_its_media_type()
    {
        File.WriteAllBytes(_dir.Combine("logo.gif"), Images.Gif);
        var (path, _, _) = WriteManifest("logo: file://logo.gif\n");
        var result = await LoadAsync(path);
        result.Manifest!.Logo.Should().Be("data:image/gif;base64," + Convert.ToBase64String(Images.Gif));
    }

    [Fact]
    public async Task A_logo_already_given_as_a_data_url_is_kept()
    {
        var dataUrl = "data:image/jpeg;base64," + Convert.ToBase64String(Images.Jpeg);
        var (path, _, _) = WriteManifest($"logo: \"{dataUrl}\"\n");
        var result = await LoadAsync(path);
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.Logo.Should().Be(dataUrl);
    }

    [Fact]
    public async Task Inlined_content_is_still_validated()
    {
        Write("web.json", "{ not json");
        Write("hook.yaml", "kind: Pod\n");
        var (path, _, _) = WriteManifest("webConfig: file://web.json\nhooks:\n  install:\n    job: file://hook.yaml\n");
        var result = await LoadAsync(path);
        result.Errors.Select(e => e.FieldPath).Should().Equal("webConfig", "hooks.install.job");
        result.Errors[0].Message.Should().Contain("not valid JSON");
        result.Errors[1].Message.Should().Contain("kind: Job");
    }

    [Fact]
    public async Task A_hook_job_nested_past_the_limit_is_an_error_naming_the_hook_not_an_exception()
    {
        // The job's YAML was read without the manifest's limits and without its catch of what YamlDotNet's scanner
        // throws besides YamlException (MutatedManifestProperties found an InvalidOperationException there in CI).
        Write("deep.yaml", "kind: Job\nspec: " + new string('[', 5000) + new string(']', 5000) + "\n");
        var (path, _, _) = WriteManifest("hooks:\n  postInstall:\n    job: file://deep.yaml\n");

        var result = await LoadAsync(path);

        result.Errors.Should().ContainSingle().Which.FieldPath.Should().Be("hooks.postInstall.job");
        result.Errors[0].Message.Should().Contain("not valid YAML");
    }

    [Fact]
    public async Task Environment_variables_are_expanded_everywhere()
    {
        Write("v2/notes.html", "two");
        var (path, _, _) = WriteManifest("""
            releaseNotes: file://${NOTES_DIR}/notes.html
            baseImage: gravity:${GRAVITY_VERSION}
            nodeProfiles:
              - name: node
                requirements:
                  cpu: {min: "${CPUS}"}
                  customChecks:
                    - script: "echo $${HOME} $$PATH ${GREETING}"
            installer:
              flavors:
                items:
                  - name: one
                    nodes: [{profile: node, count: "${COUNT}"}]
            """ + "\n");
        var env = new Dictionary<string, string>
        {
            ["NOTES_DIR"] = "v2", ["GRAVITY_VERSION"] = "7.1.0", ["CPUS"] = "4", ["COUNT"] = "3", ["GREETING"] = "hi",
        };
        var result = await LoadAsync(path, env);
        result.ErrorText.Should().BeEmpty();
        var m = result.Manifest!;
        m.ReleaseNotes.Should().Be("two");
        m.BaseImage.Should().Be("gravity:7.1.0");
        m.NodeProfiles[0].Requirements.Cpu!.Min.Should().Be(4);
        m.Installer.Flavors.Items[0].Nodes[0].Count.Should().Be(3);
        m.NodeProfiles[0].Requirements.CustomChecks[0].Script.Should().Be("echo ${HOME} $$PATH hi");
        var again = ManifestLoader.Parse(result.FinalYaml!, "app.yaml");
        again.ErrorText.Should().BeEmpty();
        again.Manifest.Should().BeEquivalentTo(m, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public async Task An_undefined_variable_is_an_error_naming_it_and_where()
    {
        var (path, line, column) = WriteManifest("nodeProfiles:\n  - name: node\n    description: »\"runs ${APP} on ${OS_NAME}\"\n" + Marked.NodeFlavor);
        var result = await LoadAsync(path, new() { ["APP"] = "db" });
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column, error.FieldPath).Should().Be((line, column, "nodeProfiles[0].description"));
        error.Message.Should().Contain("environment variable OS_NAME is not defined");
    }

    [Fact]
    public async Task An_undefined_variable_in_a_uri_is_reported_once()
    {
        var (path, line, column) = WriteManifest("releaseNotes: »file://${DOCS}/notes.html\n");
        var result = await LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column, error.FieldPath).Should().Be((line, column, "releaseNotes"));
        error.Message.Should().Contain("DOCS");
    }

    [Fact]
    public async Task An_undefined_variable_gives_one_error_not_a_second_one_for_its_format()
    {
        var (path, line, _) = WriteManifest("nodeProfiles:\n  - name: node\n    requirements:\n      ram:\n        min: »${RAM}\n" + Marked.NodeFlavor);
        var result = await LoadAsync(path);
        result.Errors.Should().ContainSingle().Which.Should().Match<ManifestError>(
            e => e.Line == line && e.FieldPath == "nodeProfiles[0].requirements.ram.min" && e.Message.Contains("RAM is not defined"));
    }

    [Fact]
    public void Parse_neither_expands_variables_nor_loads_uris()
    {
        var yaml = Marked.Header + "releaseNotes: file://notes.html\nlogo: http://example.invalid/logo.png\n"
            + "nodeProfiles:\n  - name: node\n    description: ${X}\n" + Marked.NodeFlavor;
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.ReleaseNotes.Should().Be("file://notes.html");
        result.Manifest.NodeProfiles[0].Description.Should().Be("${X}");
    }

    [Fact]
    public async Task A_missing_manifest_file_is_reported()
    {
        var path = _dir.Combine("nope.yaml");
        var result = await LoadAsync(path);
        result.Errors.Should().ContainSingle().Which.ToString().Should().Be($"{path}: the manifest file does not exist");
    }
}
