using System.Formats.Tar;
using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Layout;

public sealed class DockerArchiveTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Docker_save_archive_imports_as_oci_images_that_skopeo_reads()
    {
        var source = new ContentStore(_dir.Combine("source"));
        var baseLayer = await TestImages.CreateLayerAsync(source, 61, 30_000, docker: true);
        var a = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 62, DockerSchema2 = true, BaseLayers = [baseLayer] });
        var b = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 63, DockerSchema2 = true, BaseLayers = [baseLayer] });
        var tar = _dir.Combine("images.tar");
        await TestImageExport.WriteDockerSaveAsync(source, tar, [(["example/a:1", "example/a:latest"], a.Manifest), (["example/b:2"], b.Manifest)]);

        var store = new ContentStore(_dir.Combine("store"));
        var imported = await DockerArchive.ImportAsync(tar, store);

        imported.Should().HaveCount(2);
        imported[0].RepoTags.Should().Equal("example/a:1", "example/a:latest");
        var manifest = OciJson.Deserialize<ImageManifest>(await store.ReadAllBytesAsync(imported[0].Root.Digest));
        manifest.Config.Digest.Should().Be(a.Config.Digest, "the config is kept byte for byte");
        manifest.Layers.Select(l => l.Digest).Should().Equal(a.Layers.Select(l => l.DiffId), "layers are stored as the uncompressed tars");
        manifest.Layers.Should().OnlyContain(l => l.MediaType == MediaTypes.OciLayer);

        var layout = _dir.Combine("layout");
        await OciLayout.WriteAsync(layout, store, [("b", imported[1].Root)]);
        var copied = _dir.Combine("copied");
        await Skopeo.CopyAsync($"oci:{layout}:b", $"oci:{copied}:b");
        (await OciLayout.ReadIndexAsync(copied)).Manifests.Single().Digest.Should().Be(imported[1].Root.Digest);
    }

    [Fact]
    public async Task Symlinked_duplicate_layers_inside_the_archive_are_followed()
    {
        var layer = await LayerTarAsync(71);
        var tar = _dir.Combine("links.tar");
        await WriteTarAsync(tar, w =>
        {
            var diff = Digest.Compute(layer).Hex;
            var config = Config(diff, diff);
            Add(w, "aaa/layer.tar", layer);
            w.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, "bbb/layer.tar") { LinkName = "../aaa/layer.tar" });
            Add(w, "cfg.json", config);
            Add(w, "manifest.json", """[{"Config":"cfg.json","RepoTags":null,"Layers":["aaa/layer.tar","bbb/layer.tar"]}]"""u8.ToArray());
        });
        var store = new ContentStore(_dir.Combine("store"));
        var imported = await DockerArchive.ImportAsync(tar, store);
        var manifest = OciJson.Deserialize<ImageManifest>(await store.ReadAllBytesAsync(imported.Single().Root.Digest));
        manifest.Layers.Should().HaveCount(2);
        imported[0].RepoTags.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../evil/layer.tar", null, "'..'")]
    [InlineData("/etc/layer.tar", null, "absolute")]
    [InlineData("aaa/layer.tar", "../../outside/layer.tar", "outside the archive")]
    [InlineData("aaa/layer.tar", "/etc/passwd", "absolute")]
    public async Task Entries_escaping_the_archive_are_rejected(string name, string? linkTarget, string reason)
    {
        var tar = _dir.Combine("evil.tar");
        await WriteTarAsync(tar, w =>
        {
            if (linkTarget is null) Add(w, name, [1, 2, 3]);
            else w.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, name) { LinkName = linkTarget });
            Add(w, "manifest.json", """[{"Config":"cfg.json","Layers":["aaa/layer.tar"]}]"""u8.ToArray());
        });
        var act = () => DockerArchive.ImportAsync(tar, new ContentStore(_dir.Combine("store")));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*evil.tar*{reason}*");
    }

    [Fact]
    public async Task A_layer_not_matching_its_diff_id_is_rejected()
    {
        var layer = await LayerTarAsync(72);
        var tar = _dir.Combine("bad.tar");
        await WriteTarAsync(tar, w =>
        {
            Add(w, "l/layer.tar", layer);
            Add(w, "cfg.json", Config(new string('a', 64)));
            Add(w, "manifest.json", """[{"Config":"cfg.json","Layers":["l/layer.tar"]}]"""u8.ToArray());
        });
        var act = () => DockerArchive.ImportAsync(tar, new ContentStore(_dir.Combine("store")));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*bad.tar*l/layer.tar*diff_id*");
    }

    [Fact]
    public async Task A_tar_without_manifest_json_is_not_a_docker_archive()
    {
        var tar = _dir.Combine("plain.tar");
        await WriteTarAsync(tar, w => Add(w, "hello.txt", [1]));
        var act = () => DockerArchive.ImportAsync(tar, new ContentStore(_dir.Combine("store")));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*plain.tar*manifest.json not found*");
    }

    private static byte[] Config(params string[] diffHex)
        => System.Text.Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + string.Join(",", diffHex.Select(h => $"\"sha256:{h}\"")) + "]}}");

    private static async Task<byte[]> LayerTarAsync(int seed)
    {
        using var ms = new MemoryStream();
        await TestImages.WriteLayerTarAsync(ms, seed, 2000);
        return ms.ToArray();
    }

    private static void Add(TarWriter w, string name, byte[] content)
        => w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });

    private static async Task WriteTarAsync(string path, Action<TarWriter> write)
    {
        await using var file = File.Create(path);
        using var w = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true);
        write(w);
    }

    public void Dispose() => _dir.Dispose();
}
