using System.Text.Json;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>`gravity check` end to end: the CLI reads app.yaml of a cluster image folder and runs the profile's checks.</summary>
public class CheckCommandTests
{
    private const string Manifest = """
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: demo
          resourceVersion: 1.0.0
        installer:
          flavors:
            default: one
            items:
              - name: one
                nodes:
                  - profile: db
                    count: 1
        nodeProfiles:
          - name: db
            requirements:
              cpu:
                min: 1
              ram:
                min: "100TB"
              customChecks:
                - description: vendor check
                  script: |
                    echo 'vendor says no'
                    exit 2
        """;

    private static async Task<ProcessResult> CheckAsync(string dir, params string[] args)
        => await ProgramUnderTest.Gravity.RunAsync(["check", "--from", dir, "--skip", "ports", .. args],
            environment: new Dictionary<string, string?> { ["COLUMNS"] = "300" }, timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Failing_checks_are_shown_with_their_reasons_and_exit_1()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("app.yaml"), Manifest);
        var r = await CheckAsync(dir.Path);
        r.ExitCode.Should().Be(1, r.Combined);
        r.StdOut.Should().Contain("Check").And.Contain("Status").And.Contain("Details");
        r.StdOut.Should().Contain("needs at least 100 TB").And.Contain("vendor says no").And.Contain("2 check(s) of profile db failed");
    }

    [Fact]
    public async Task Skipped_checks_are_recorded_and_the_rest_pass()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("app.yaml"), Manifest);
        var r = await CheckAsync(dir.Path, "--skip", "ram", "--skip", "custom", "--role", "db", "--format", "json");
        r.ExitCode.Should().Be(0, r.Combined);
        var results = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString());
        results.Should().Contain("cpu", "passed").And.Contain("ram", "skipped").And.Contain("custom:1", "skipped").And.Contain("ports", "skipped");
    }

    [Fact]
    public async Task An_unknown_role_is_an_error_naming_the_profiles()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("app.yaml"), Manifest);
        var r = await CheckAsync(dir.Path, "--role", "web");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("error: no node profile 'web' in the manifest; profiles: db");
    }
}
