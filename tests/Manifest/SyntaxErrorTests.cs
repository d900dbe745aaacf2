namespace Gravity.Manifest.Tests;

public class SyntaxErrorTests
{
    [Theory]
    [InlineData("apiVersion: app.gravitational.io/v2\nmetadata:\n  name: a\n »bad: 1\n", "did not find expected key")]
    [InlineData("apiVersion: app.gravitational.io/v2\nendpoints: [a, b\n»kind: Bundle\n", "unclosed")]
    [InlineData("apiVersion: app.gravitational.io/v2\n»apiVersion: app.gravitational.io/v2\n", "Duplicate key")]
    [InlineData("apiVersion: app.gravitational.io/v2\nmetadata:\n\t»name: a\n", "YAML syntax error")]
    [InlineData("kind: Bundle\n---\n»kind: Cluster\n", "single YAML document")]
    public void Syntax_errors_name_their_position(string marked, string fragment)
    {
        var (yaml, line, column) = Marked.Strip(marked);
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.Succeeded.Should().BeFalse();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.Message.Should().Contain(fragment);
        error.File.Should().Be("app.yaml");
        error.Line.Should().Be(line, error.ToString());
        if (!fragment.Contains("YAML syntax error")) error.Column.Should().Be(column);
        error.ToString().Should().StartWith($"app.yaml:{line}:");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void An_empty_manifest_is_an_error(string yaml)
    {
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("empty");
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_at_once_in_file_order()
    {
        var yaml = """
            apiVersion: app.gravitational.io/v2
            kind: Widget
            metadata:
              name: "bad name"
              resourceVersion: one
            colour: blue
            nodeProfiles:
              - name: db
                requirements:
                  cpu: {min: 4, max: 2}
                  devices:
                    - path: /dev/x
                      permissions: rwx
            installer:
              flavors:
                items:
                  - name: one
                    nodes:
                      - profile: ghost
                        count: -2
            hooks:
              clusterProvision:
                job: "kind: Job"
              reboot:
                job: "kind: Job"
            """;
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.Errors.Select(e => (e.Line, e.FieldPath)).Should().Equal(
            (2, "kind"),
            (4, "metadata.name"),
            (5, "metadata.resourceVersion"),
            (6, "colour"),
            (10, "nodeProfiles[0].requirements.cpu.min"),
            (13, "nodeProfiles[0].requirements.devices[0].permissions"),
            (19, "installer.flavors.items[0].nodes[0].profile"),
            (20, "installer.flavors.items[0].nodes[0].count"),
            (23, "hooks.clusterProvision"),
            (24, "hooks.reboot"));
        result.Manifest.Should().BeNull();
        result.FinalYaml.Should().BeNull();
        result.Invoking(r => r.EnsureSuccess()).Should().Throw<Gravity.Core.GravityException>()
            .Which.Message.Should().Contain("app.yaml:10:18: nodeProfiles[0].requirements.cpu.min: min (4) is greater than max (2)");
    }
}
