using Gravity.Packaging.Discovery.Helm;

namespace Gravity.Packaging.Tests.Discovery;

public class HelmSetOverrideTests
{
    [Theory]
    [InlineData("a.b.c", "v", "a/b/c")]
    [InlineData("list[2].name", "v", "list/[2]/name")]
    [InlineData("dotted\\.key.x", "v", "dotted.key/x")]
    public void Creates_the_path_and_sets_the_value(string path, string value, string lookup)
    {
        var root = HelmValues.Empty("values.yaml");

        HelmSetOverride.Apply(root, path, value).Should().BeNull();

        Resolve(root, lookup).Should().BeOfType<HelmScalar>().Which.Text.Should().Be(value);
    }

    [Fact]
    public void Replaces_scalars_on_the_way_and_pads_lists()
    {
        var root = HelmValues.Empty("values.yaml");
        HelmSetOverride.Apply(root, "a", "scalar");

        HelmSetOverride.Apply(root, "a.b", "v").Should().BeNull();
        HelmSetOverride.Apply(root, "l[1]", "x").Should().BeNull();

        Resolve(root, "a/b").Should().BeOfType<HelmScalar>().Which.Text.Should().Be("v");
        root["l"].Should().BeOfType<HelmList>().Which.Items.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("a[x]")]
    [InlineData("a[1")]
    [InlineData(".a")]
    public void Rejects_malformed_paths(string path)
        => HelmSetOverride.Apply(HelmValues.Empty("v"), path, "x").Should().NotBeNull();

    /// <summary>Follows '/'-separated steps: map keys, or [n] list indexes.</summary>
    private static HelmValue? Resolve(HelmValue root, string path)
    {
        HelmValue? current = root;
        foreach (var step in path.Split('/'))
            current = step.StartsWith('[')
                ? current is HelmList list ? list.Items[int.Parse(step[1..^1])] : null
                : current is HelmMap map ? map[step] : null;
        return current;
    }
}
