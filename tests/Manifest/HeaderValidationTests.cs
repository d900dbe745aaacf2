namespace Gravity.Manifest.Tests;

/// <summary>Rules on the header and metadata: each case marks (») where the error must point.</summary>
public class HeaderValidationTests
{
    [Theory]
    [InlineData("apiVersion: »v1\nkind: Bundle\nmetadata:\n  name: a\n  resourceVersion: 1.0.0\n", "apiVersion", "is not one of")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: »Pod\nmetadata:\n  name: a\n  resourceVersion: 1.0.0\n", "kind", "\"Pod\" is not one of Bundle, Cluster")]
    [InlineData("»kind: Bundle\nmetadata:\n  name: a\n  resourceVersion: 1.0.0\n", "apiVersion", "required field is missing")]
    [InlineData("»apiVersion: app.gravitational.io/v2\nkind: Runtime\n", "metadata", "required field is missing")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  »resourceVersion: 1.0.0\n", "metadata.name", "required field is missing")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: »\"my app\"\n  resourceVersion: 1.0.0\n", "metadata.name", "letters, digits")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: »app.v2\n  resourceVersion: 1.0.0\n", "metadata.name", "letters, digits")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  »name: app\n", "metadata.resourceVersion", "required field is missing")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: »1.0\n", "metadata.resourceVersion", "SemVer")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: »v1.0.0\n", "metadata.resourceVersion", "SemVer")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: »01.0.0\n", "metadata.resourceVersion", "SemVer")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: 1.0.0\n  »owner: me\n", "metadata.owner", "unknown field")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: 1.0.0\n  labels: »[a, b]\n", "metadata.labels", "expected a mapping, got a list")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: 1.0.0\n  labels:\n    tier: »{a: b}\n", "metadata.labels.tier", "expected a string, got a mapping")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata:\n  name: app\n  resourceVersion: 1.0.0\n  hidden: »\"yes\"\n", "metadata.hidden", "expected true or false")]
    [InlineData("apiVersion: app.gravitational.io/v2\nkind: Application\nmetadata: »[]\n", "metadata", "expected a mapping, got a list")]
    public void Header_rules(string marked, string path, string fragment) => Marked.ShouldReport(marked, path, fragment);

    [Fact]
    public void A_document_that_is_not_a_mapping_is_rejected()
    {
        var result = Marked.ShouldReport("»- a\n- b\n", "", "expected a mapping, got a list");
        result.Errors.Should().ContainSingle();
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("0.0.1-alpha.1")]
    [InlineData("1.0.0-rc.1+build.5")]
    [InlineData("10.20.30")]
    public void SemVer_versions_are_accepted(string version)
    {
        var result = ManifestLoader.Parse($"{Marked.Header.Replace("1.0.0", version)}", "app.yaml");
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.Metadata.ResourceVersion.Should().Be(version);
    }
}
