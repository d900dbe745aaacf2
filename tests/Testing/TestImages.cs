using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Testing;

/// <summary>A gzip layer in a store and the digest of its uncompressed tar (the config's diff_id).</summary>
public sealed record TestLayer(Descriptor Descriptor, Digest DiffId);

/// <summary>A generated single-platform image.</summary>
public sealed record TestImage(Descriptor Manifest, Descriptor Config, IReadOnlyList<TestLayer> Layers)
{
    public IEnumerable<Descriptor> Blobs => [Manifest, Config, .. Layers.Select(l => l.Descriptor)];
}

/// <summary>A generated multi-platform image: the index and one image per platform.</summary>
public sealed record TestIndex(Descriptor Index, IReadOnlyList<TestImage> Images);

public sealed record TestImageSpec
{
    /// <summary>Different seeds give different layers and configs; the same seed the same bytes.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Uncompressed payload size of each own layer (random bytes, so gzip barely shrinks them).</summary>
    public IReadOnlyList<long> LayerSizes { get; init; } = [64 * 1024];
    /// <summary>Layers put below the image's own ones (shared with other images built on the same base).</summary>
    public IReadOnlyList<TestLayer> BaseLayers { get; init; } = [];
    /// <summary>Docker schema 2 media types instead of OCI ones.</summary>
    public bool DockerSchema2 { get; init; }
    public string Os { get; init; } = "linux";
    public string Architecture { get; init; } = "amd64";
}

/// <summary>
/// Deterministic test images (same seed, same digests) written into a <see cref="ContentStore"/>; from there
/// <see cref="TestImageExport"/> writes them as an OCI layout or a docker save tar and pushes them to a registry.
/// </summary>
public static class TestImages
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A gzip-compressed tar layer holding one file of <paramref name="size"/> pseudo-random bytes.</summary>
    public static async Task<TestLayer> CreateLayerAsync(ContentStore store, int seed, long size, bool docker = false, CancellationToken ct = default)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"gravity-layer-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using var diffHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(temp))
            {
                await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                await using (var hashing = new HashingWriteStream(gzip, diffHash))
                {
                    await WriteLayerTarAsync(hashing, seed, size, ct);
                }
            }
            await using var read = File.OpenRead(temp);
            var (digest, length) = await store.PutAsync(read, ct: ct);
            var descriptor = new Descriptor { MediaType = docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip, Digest = digest, Size = length };
            return new TestLayer(descriptor, Digest.Sha256(diffHash.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The uncompressed tar of a layer: <c>data/layer-&lt;seed&gt;.bin</c>.</summary>
    public static async Task WriteLayerTarAsync(Stream output, int seed, long size, CancellationToken ct = default)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        var dir = new UstarTarEntry(TarEntryType.Directory, "data/") { ModificationTime = FixedTime, Mode = (UnixFileMode)0b111_101_101 };
        await tar.WriteEntryAsync(dir, ct);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, $"data/layer-{seed}.bin")
        {
            ModificationTime = FixedTime,
            Mode = (UnixFileMode)0b110_100_100,
            DataStream = new DeterministicStream(seed, size),
        };
        await tar.WriteEntryAsync(entry, ct);
    }

    public static async Task<TestImage> CreateImageAsync(ContentStore store, TestImageSpec spec, CancellationToken ct = default)
    {
        var layers = new List<TestLayer>(spec.BaseLayers);
        for (var i = 0; i < spec.LayerSizes.Count; i++)
            layers.Add(await CreateLayerAsync(store, spec.Seed * 1000 + i, spec.LayerSizes[i], spec.DockerSchema2, ct));

        var config = new JsonObject
        {
            ["created"] = "2020-01-01T00:00:00Z",
            ["architecture"] = spec.Architecture,
            ["os"] = spec.Os,
            ["config"] = new JsonObject
            {
                ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                ["Labels"] = new JsonObject { ["gravity.test.seed"] = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray(layers.Select(l => (JsonNode)JsonValue.Create(l.DiffId.ToString())).ToArray()),
            },
        };
        var configBytes = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDescriptor = new Descriptor
        {
            MediaType = spec.DockerSchema2 ? MediaTypes.DockerConfig : MediaTypes.OciConfig,
            Digest = await store.PutBytesAsync(configBytes, ct),
            Size = configBytes.Length,
        };
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = spec.DockerSchema2 ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = layers.Select(l => l.Descriptor).ToList(),
        };
        var manifestBytes = OciJson.Serialize(manifest);
        var manifestDescriptor = new Descriptor
        {
            MediaType = manifest.MediaType,
            Digest = await store.PutBytesAsync(manifestBytes, ct),
            Size = manifestBytes.Length,
        };
        return new TestImage(manifestDescriptor, configDescriptor, layers);
    }

    /// <summary>An index (or Docker manifest list) with one image per platform ("linux/amd64", "linux/arm64").</summary>
    public static async Task<TestIndex> CreateIndexAsync(ContentStore store, TestImageSpec spec, IReadOnlyList<string>? platforms = null, CancellationToken ct = default)
    {
        platforms ??= ["linux/amd64", "linux/arm64"];
        var images = new List<TestImage>();
        var entries = new List<Descriptor>();
        for (var i = 0; i < platforms.Count; i++)
        {
            var p = Platform.Parse(platforms[i]);
            var image = await CreateImageAsync(store, spec with { Seed = spec.Seed * 100 + i, Os = p.Os, Architecture = p.Architecture }, ct);
            images.Add(image);
            entries.Add(image.Manifest with { Platform = p });
        }
        var index = new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = spec.DockerSchema2 ? MediaTypes.DockerManifestList : MediaTypes.OciIndex,
            Manifests = entries,
        };
        var bytes = OciJson.Serialize(index);
        var descriptor = new Descriptor { MediaType = index.MediaType, Digest = await store.PutBytesAsync(bytes, ct), Size = bytes.Length };
        return new TestIndex(descriptor, images);
    }

    internal sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { hash.AppendData(buffer); inner.Write(buffer); }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, ct);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
