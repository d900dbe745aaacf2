using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Model;

public sealed class ImageGraphTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Walk_lists_every_blob_once_parents_first()
    {
        var store = new ContentStore(_dir.Path);
        var baseLayer = await TestImages.CreateLayerAsync(store, 5, 1000);
        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 91, BaseLayers = [baseLayer] });

        var walked = ImageGraph.Walk(store, index.Index).ToList();
        walked[0].Digest.Should().Be(index.Index.Digest);
        walked.Select(d => d.Digest).Should().OnlyHaveUniqueItems();
        walked.Select(d => d.Digest).Should().BeEquivalentTo(index.Images.SelectMany(i => i.Blobs).Select(b => b.Digest).Append(index.Index.Digest).Distinct());
        walked.IndexOf(walked.First(d => d.Digest == index.Images[0].Manifest.Digest))
            .Should().BeLessThan(walked.IndexOf(walked.First(d => d.Digest == index.Images[0].Config.Digest)));
        ImageGraph.UniqueSize(store, [index.Index, index.Images[0].Manifest]).Should().Be(walked.Sum(d => d.Size));
    }

    [Fact]
    public async Task A_missing_manifest_is_reported()
    {
        var store = new ContentStore(_dir.Path);
        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 92 });
        store.Delete(index.Images[1].Manifest.Digest);
        var act = () => ImageGraph.Walk(store, index.Index);
        act.Should().Throw<BlobNotFoundException>().Which.Digest.Should().Be(index.Images[1].Manifest.Digest);
    }

    public void Dispose() => _dir.Dispose();
}
