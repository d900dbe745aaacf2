using System.Text;
using Gravity.Core;
using Gravity.Oci.Layout;
using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

public sealed class ClusterImageBuilderTests
{
    [Fact]
    public async Task Builds_an_image_from_an_oci_layout_with_every_blob_once_and_resources_rewritten()
    {
        using var f = await BuildFixture.CreateAsync();
        var result = await ClusterImageBuilder.BuildAsync(f.Request());

        result.OutputPath.Should().Be(f.Output);
        var reader = await ClusterImageReader.OpenAsync(f.Output);
        reader.Head.Name.Should().Be("example");
        reader.Head.Version.Should().Be("1.0.0");
        reader.Head.Created.Should().Be(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        reader.Head.Images.Select(i => i.Reference).Should().BeEquivalentTo("docker.io/example/hooks:1.0.0", "docker.io/example/web:1.0.0");
        reader.Head.Images.Single(i => i.Reference.EndsWith("web:1.0.0")).Rewritten.Should().Be("leader.telekube.local:5000/example/web:1.0.0");
        reader.Head.Images.Single(i => i.Reference.EndsWith("web:1.0.0")).Digest.Should().Be(f.Web.Manifest.Digest);
        reader.Head.Images.Should().OnlyContain(i => i.Platforms.SequenceEqual(new[] { "linux/amd64" }));

        var names = reader.Entries.Select(e => e.Name).ToList();
        names.Take(11).Should().Equal(ClusterImageLayout.HeadPath, ClusterImageLayout.IndexPath, "README", "app.yaml", "gravity", "install", "upload",
            "upgrade", "run_preflight_checks", "packages/oci-layout", "packages/index.json");
        var blobNames = names.Where(n => n.StartsWith("packages/blobs/")).ToList();
        blobNames.Should().OnlyHaveUniqueItems();
        blobNames.Should().BeEquivalentTo(f.AllBlobs.Select(b => ClusterImageLayout.BlobPath(b.Digest)));
        reader.Head.UniqueBytes.Should().Be(f.AllBlobs.Sum(b => b.Size));
        reader.Head.TotalBytes.Should().Be(f.Web.Blobs.Sum(b => b.Size) + f.Hooks.Blobs.Sum(b => b.Size));
        reader.Head.TotalBytes.Should().BeGreaterThan(reader.Head.UniqueBytes, "the base layer is shared");

        var resource = Encoding.UTF8.GetString(await reader.ReadEntryBytesAsync("packages/resources/resources.yaml"));
        resource.Should().Be(BuildFixture.Resources.Replace("image: example/web:1.0.0", "image: leader.telekube.local:5000/example/web:1.0.0"));
        reader.Contains("packages/resources/install-hook.yaml").Should().BeTrue();
        reader.Contains("packages/resources/app.yaml").Should().BeFalse();
        reader.Find("gravity")!.Mode.Should().Be(ArchiveEntry.ExecutableMode);
        reader.Find("install")!.Mode.Should().Be(ArchiveEntry.ExecutableMode);
        Encoding.UTF8.GetString(await reader.ReadEntryBytesAsync("app.yaml")).Should()
            .Contain("image: leader.telekube.local:5000/example/hooks:1.0.0", "the hook job is inlined, its image in the cluster registry");

        var index = await reader.ReadImageIndexAsync();
        index.Manifests.Select(m => m.Annotations![OciLayout.RefNameAnnotation]).Should().Equal(
            "leader.telekube.local:5000/example/hooks:1.0.0", "leader.telekube.local:5000/example/web:1.0.0");

        (await ClusterImageVerifier.VerifyAsync(f.Output)).Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Inspect_reports_name_version_images_with_sizes_and_total_and_deduplicated_bytes()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var report = await ClusterImageInspector.InspectAsync(f.Output);
        report.Name.Should().Be("example");
        report.Version.Should().Be("1.0.0");
        report.FileSize.Should().Be(new FileInfo(f.Output).Length);
        report.Images.Single(i => i.Reference == "docker.io/example/web:1.0.0").Size.Should().Be(f.Web.Blobs.Sum(b => b.Size));
        report.UniqueBytes.Should().Be(f.AllBlobs.Sum(b => b.Size));
        var json = System.Text.Json.Nodes.JsonNode.Parse(report.ToJson())!;
        json["totalBytes"]!.GetValue<long>().Should().Be(report.TotalBytes);
        json["uniqueBytes"]!.GetValue<long>().Should().Be(report.UniqueBytes);
        json["images"]!.AsArray().Should().HaveCount(2);
        report.ToJson().Should().Contain("application/vnd.oci.image.manifest.v1+json");
    }

    [Fact]
    public async Task The_same_inputs_give_a_byte_identical_file_even_with_a_fresh_cache()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var first = await File.ReadAllBytesAsync(f.Output);
        var second = f.Dir.Combine("out", "again.tar");
        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OutputPath = second, StateDir = f.Dir.Combine("other-state") }));
        (await File.ReadAllBytesAsync(second)).Should().Equal(first);
    }

    [Fact]
    public async Task An_existing_output_is_kept_without_force_and_replaced_with_it()
    {
        using var f = await BuildFixture.CreateAsync();
        await File.WriteAllTextAsync(f.Output, "precious");
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request());
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*already exists*-f*");
        (await File.ReadAllTextAsync(f.Output)).Should().Be("precious");

        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { Overwrite = true }));
        (await ClusterImageReader.OpenAsync(f.Output)).Head.Name.Should().Be("example");
    }

    [Fact]
    public async Task A_failed_build_leaves_neither_output_nor_temporary_file()
    {
        using var f = await BuildFixture.CreateAsync();
        // The web image's layer disappears from the layout: the fetch fails after the manifest was read.
        File.Delete(OciLayout.BlobPath(f.LayoutDir, f.Web.Layers[^1].Descriptor.Digest));
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request());
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*example/web*");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(f.Output)!).Should().BeEmpty();
    }

    [Fact]
    public async Task A_gravity_binary_changed_during_the_build_fails_it_and_leaves_nothing()
    {
        using var f = await BuildFixture.CreateAsync();
        var progress = new ChangeFileWhenWriting(f.GravityBinary);
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request(), progress);
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*'gravity'*");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(f.Output)!).Should().BeEmpty();
    }

    [Fact]
    public async Task Set_image_replaces_an_image_and_an_unknown_one_is_an_error()
    {
        using var f = await BuildFixture.CreateAsync();
        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { SetImages = ["example/web:1.0.0=example/hooks:1.0.0"] }));
        var web = result.Head!.Images.Single(i => i.Reference == "docker.io/example/web:1.0.0");
        web.Digest.Should().Be(f.Hooks.Manifest.Digest);
        web.Rewritten.Should().Be("leader.telekube.local:5000/example/hooks:1.0.0");

        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request(r => r with { SetImages = ["nope:1=example/web:1.0.0"], DryRun = true }));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*nope*");
    }

    [Fact]
    public async Task Dry_run_reports_images_with_their_sources_and_writes_nothing()
    {
        using var f = await BuildFixture.CreateAsync();
        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { DryRun = true }));
        result.OutputPath.Should().BeNull();
        File.Exists(f.Output).Should().BeFalse();
        Directory.Exists(f.StateDir).Should().BeFalse("nothing is fetched");
        result.Plan.OutputPath.Should().Be(f.Output);
        var web = result.Plan.Images.Single(i => i.Reference.ToString() == "docker.io/example/web:1.0.0");
        web.Origin.Should().Be($"oci-layout {f.LayoutDir}");
        web.FoundIn.Should().Contain(s => s.File == "resources.yaml");
        result.Plan.Resources.Select(r => r.Path).Should().Equal("install-hook.yaml", "resources.yaml");
    }

    [Fact]
    public async Task An_invalid_manifest_fails_listing_every_error()
    {
        using var f = await BuildFixture.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"), """
            apiVersion: bundle.gravitational.io/v2
            kind: Bundle
            metadata:
              name: "bad name"
              resourceVersion: not-semver
            """);
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request());
        var error = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        error.Should().Contain("metadata.name").And.Contain("metadata.resourceVersion");
    }

    [Fact]
    public async Task A_missing_gravity_binary_is_an_error_before_anything_is_fetched()
    {
        using var f = await BuildFixture.CreateAsync();
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request(r => r with { GravityBinary = f.Dir.Combine("absent") }));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*--gravity-binary*");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task Images_from_a_docker_save_archive_and_an_oci_layout_combine()
    {
        using var f = await BuildFixture.CreateAsync();
        var archive = f.Dir.Combine("web.tar");
        await TestImageExport.WriteDockerSaveAsync(f.SourceStore, archive, [(["example/web:1.0.0"], f.Web.Manifest)]);
        var layout = f.Dir.Combine("hooks-only");
        await TestImageExport.WriteOciLayoutAsync(f.SourceStore, layout, [("example/hooks:1.0.0", f.Hooks.Manifest)]);

        var plan = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OciLayouts = [layout], DockerArchives = [archive], DryRun = true }));
        plan.Plan.Images.Single(i => i.Reference.Repository == "example/web").Origin.Should().Be($"docker-archive {archive}");

        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OciLayouts = [layout], DockerArchives = [archive] }));
        var reader = await ClusterImageReader.OpenAsync(result.OutputPath!);
        reader.Head.Images.Should().HaveCount(2);
        var web = reader.Head.Images.Single(i => i.Reference == "docker.io/example/web:1.0.0");
        reader.HasBlob(web.Digest).Should().BeTrue();
        reader.HasBlob(f.Web.Layers[^1].Descriptor.Digest).Should().BeFalse("docker save layers are stored uncompressed, converted to OCI");
        (await ClusterImageVerifier.VerifyAsync(result.OutputPath!)).Problems.Should().BeEmpty();
    }

    private sealed class ChangeFileWhenWriting(string path) : IBuildProgress
    {
        private bool _done;
        public void Stage(string message)
        {
            if (_done || !message.StartsWith("Writing")) return;
            _done = true;
            File.AppendAllText(path, "# changed\n");
        }
        public void ImageStarted(Gravity.Oci.ImageReference image, string source) { }
        public void Transfer(Gravity.Oci.Transfer.TransferProgress progress) { }
        public void ImageFinished(Gravity.Oci.ImageReference image, long size, long downloaded) { }
        public void Writing(long written, long total) { }
    }
}
