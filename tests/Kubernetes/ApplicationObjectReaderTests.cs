using Gravity.Core;
using Gravity.Kubernetes;

namespace Gravity.Kubernetes.Tests;

/// <summary>The application's resource files as objects: documents, Lists, ImageSets left out, errors with file and line.</summary>
public sealed class ApplicationObjectReaderTests
{
    [Fact]
    public void Documents_and_list_items_are_objects_with_their_lines_and_image_sets_are_left_out()
    {
        var objects = ApplicationObjectReader.Read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, namespace: web}
            ---
            apiVersion: bundle.gravitational.io/v2
            kind: ImageSet
            metadata: {name: images}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Secret
                metadata: {name: s}
            """, "resources/app.yaml");

        objects.Select(o => (o.Display, o.Where)).Should().Equal(("ConfigMap web/a", "resources/app.yaml:1"), ("Secret s", "resources/app.yaml:13"));
    }

    [Theory]
    [InlineData("kind: ConfigMap\nmetadata: {name: a}\n", "f.yaml:1: apiVersion: missing")]
    [InlineData("apiVersion: v1\nmetadata: {name: a}\n", "f.yaml:1: kind: missing")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}\n", "f.yaml:1: metadata.name: missing*")]
    [InlineData("- a\n", "f.yaml:1: a Kubernetes object is a mapping*")]
    [InlineData("apiVersion: v1\nkind: [\n", "f.yaml:*YAML syntax error*")]
    public void Objects_that_cannot_be_applied_are_named_with_file_and_line(string yaml, string message)
    {
        var read = () => ApplicationObjectReader.Read(yaml, "f.yaml");
        read.Should().Throw<GravityException>().WithMessage(message);
    }
}
