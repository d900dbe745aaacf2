using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Layout;

public sealed class OciLayoutTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Written_layout_is_valid_for_skopeo_and_imports_back_verified()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 51 });
        var single = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 52 });
        var layout = _dir.Combine("layout");
        await OciLayout.WriteAsync(layout, store, [("multi:1", index.Index), ("single:1", single.Manifest)]);

        var copied = _dir.Combine("copied");
        await Skopeo.CopyAsync($"oci:{layout}:multi:1", $"oci:{copied}:x");
        (await OciLayout.ReadIndexAsync(copied)).Manifests.Single().Digest.Should().Be(index.Index.Digest);
        var inspected = await Skopeo.InspectAsync($"oci:{layout}:single:1");
        inspected["Digest"]!.GetValue<string>().Should().Be(single.Manifest.Digest.ToString());

        var target = new ContentStore(_dir.Combine("target"));
        var imported = await OciLayout.ImportAsync(copied, target);
        imported.Should().ContainSingle().Which.RefName.Should().Be("x");
        ImageGraph.Walk(target, imported[0].Descriptor).Select(d => d.Digest)
            .Should().BeEquivalentTo(ImageGraph.Walk(store, index.Index).Select(d => d.Digest));
    }

    [Fact]
    public async Task A_damaged_blob_fails_the_import_naming_it()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 53 });
        var layout = _dir.Combine("layout");
        await OciLayout.WriteAsync(layout, store, [("img", image.Manifest)]);
        var layer = OciLayout.BlobPath(layout, image.Layers[0].Descriptor.Digest);
        var bytes = await File.ReadAllBytesAsync(layer);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(layer, bytes);

        var target = new ContentStore(_dir.Combine("target"));
        var act = () => OciLayout.ImportAsync(layout, target);
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*{image.Layers[0].Descriptor.Digest.Hex}*digest*");
        target.Exists(image.Layers[0].Descriptor.Digest).Should().BeFalse();
    }

    [Fact]
    public async Task A_folder_without_oci_layout_is_rejected()
    {
        var act = () => OciLayout.ReadIndexAsync(_dir.Path);
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*oci-layout*");
    }

    public void Dispose() => _dir.Dispose();
}
