using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;
using Gravity.Packaging.Tests.Build;

namespace Gravity.Packaging.Tests.ClusterImage;

public sealed class ClusterImageVerifierTests
{
    [Fact]
    public async Task A_flipped_byte_in_a_blob_fails_verification_naming_the_entry()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var reader = await ClusterImageReader.OpenAsync(f.Output);
        var layer = ClusterImageLayout.BlobPath(f.Web.Layers[^1].Descriptor.Digest);

        var offset = await DataOffsetAsync(f.Output, layer) + 100;
        FlipByte(f.Output, offset);

        var result = await ClusterImageVerifier.VerifyAsync(f.Output);
        result.Succeeded.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Should().StartWith(layer).And.Contain("damaged");
        var read = async () => await reader.ReadEntryBytesAsync(layer, long.MaxValue);
        await read.Should().ThrowAsync<Exception>();
    }

    [Fact]
    public async Task A_flipped_byte_in_a_resource_or_a_tar_header_or_a_truncated_file_fails()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var original = await File.ReadAllBytesAsync(f.Output);
        (await ClusterImageVerifier.VerifyAsync(f.Output)).Succeeded.Should().BeTrue();

        var resource = "packages/resources/resources.yaml";
        FlipByte(f.Output, await DataOffsetAsync(f.Output, resource) + 3);
        (await ClusterImageVerifier.VerifyAsync(f.Output)).Problems.Should().Contain(p => p.StartsWith(resource));

        await File.WriteAllBytesAsync(f.Output, original);
        FlipByte(f.Output, await DataOffsetAsync(f.Output, "upload") - 512 + 10); // inside the name field of upload's header
        var header = await ClusterImageVerifier.VerifyAsync(f.Output);
        header.Succeeded.Should().BeFalse();
        header.Problems.Should().Contain(p => p.Contains("install") || p.Contains("upload"));

        await File.WriteAllBytesAsync(f.Output, original);
        FlipByte(f.Output, await DataOffsetAsync(f.Output, ClusterImageLayout.HeadPath) + 30); // inside "name": "example"
        var damagedHead = await ClusterImageVerifier.VerifyAsync(f.Output);
        damagedHead.Problems.Should().ContainSingle().Which.Should().Contain(ClusterImageLayout.HeadPath).And.Contain("damaged");

        await File.WriteAllBytesAsync(f.Output, original[..(original.Length - 5000)]);
        (await ClusterImageVerifier.VerifyAsync(f.Output)).Succeeded.Should().BeFalse();
    }

    private static async Task<long> DataOffsetAsync(string path, string name)
    {
        await using var file = File.OpenRead(path);
        var scanner = new TarScanner(file);
        while (await scanner.NextAsync() is { } e)
            if (e.Name == name) return e.DataOffset;
        throw new InvalidOperationException($"{name} not found");
    }

    private static void FlipByte(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        var b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x20));
    }
}
