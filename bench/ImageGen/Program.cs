using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

// Writes an OCI image layout with COUNT images that share one base layer of BASE_MB and each add UNIQUE_MB of their
// own, from deterministic pseudo-random data (incompressible, like real binaries). Layers are gzip streams at level
// "no compression" so generation is quick; registries and clients treat them like any other layer.
// TAG and CHANGED (optional) make a later version: images tagged TAG, the first CHANGED of them with a layer of their
// own that the default version does not have (the others, and the base, are the same blobs).
if (args.Length != 4 && args.Length != 6)
{
    Console.Error.WriteLine("usage: imagegen OUT_DIR COUNT BASE_MB UNIQUE_MB [TAG CHANGED]");
    return 2;
}
var outDir = args[0];
var count = int.Parse(args[1]);
var baseMb = int.Parse(args[2]);
var uniqueMb = int.Parse(args[3]);
var tag = args.Length == 6 ? args[4] : "1.0.0";
var changed = args.Length == 6 ? int.Parse(args[5]) : 0;

var store = new ContentStore(outDir);
var baseLayer = await WriteLayerAsync(store, "base.bin", baseMb, seed: 1);
var manifests = new List<object>();
for (var i = 0; i < count; i++)
{
    var own = await WriteLayerAsync(store, $"app{i}.bin", uniqueMb, seed: i < changed ? 1000 + i : 100 + i);
    var config = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        architecture = "amd64",
        os = "linux",
        config = new { Cmd = new[] { "/bin/sh" } },
        rootfs = new { type = "layers", diff_ids = new[] { baseLayer.DiffId, own.DiffId } },
    }));
    var configDigest = await store.PutBytesAsync(config);
    var manifest = OciJson.Serialize(new ImageManifest
    {
        MediaType = MediaTypes.OciManifest,
        Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = config.Length },
        Layers = [baseLayer.Descriptor, own.Descriptor],
    });
    var manifestDigest = await store.PutBytesAsync(manifest);
    manifests.Add(new Dictionary<string, object>
    {
        ["mediaType"] = MediaTypes.OciManifest,
        ["digest"] = manifestDigest.ToString(),
        ["size"] = manifest.Length,
        ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = $"bench/app{i}:{tag}" },
    });
}
await File.WriteAllTextAsync(Path.Combine(outDir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
await File.WriteAllTextAsync(Path.Combine(outDir, "index.json"), JsonSerializer.Serialize(new { schemaVersion = 2, mediaType = MediaTypes.OciIndex, manifests }));
Directory.Delete(Path.Combine(outDir, "ingest"), recursive: true);
Console.WriteLine($"wrote {count} images to {outDir}");
return 0;

static async Task<(Descriptor Descriptor, string DiffId)> WriteLayerAsync(ContentStore store, string name, int megabytes, int seed)
{
    var tarPath = Path.GetTempFileName();
    var gzPath = Path.GetTempFileName();
    try
    {
        var rng = new Random(seed);
        var chunk = new byte[1 << 20];
        var dataPath = Path.GetTempFileName();
        await using (var data = File.Create(dataPath))
            for (var i = 0; i < megabytes; i++) { rng.NextBytes(chunk); await data.WriteAsync(chunk); }
        await using (var tar = File.Create(tarPath))
        await using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: false))
        await using (var content = File.OpenRead(dataPath))
            // A fixed time, mode and owner: the same seed makes the same blob in every run (two versions share layers).
            await writer.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = content, ModificationTime = DateTimeOffset.UnixEpoch, Mode = (UnixFileMode)0b110_100_100, Uid = 0, Gid = 0,
            });
        File.Delete(dataPath);
        string diffId;
        await using (var tar = File.OpenRead(tarPath)) diffId = (await Digest.ComputeAsync(tar)).ToString();
        await using (var tar = File.OpenRead(tarPath))
        await using (var gz = new GZipStream(File.Create(gzPath), CompressionLevel.NoCompression))
            await tar.CopyToAsync(gz);
        await using var input = File.OpenRead(gzPath);
        var (digest, size) = await store.PutAsync(input);
        return (new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size }, diffId);
    }
    finally
    {
        File.Delete(tarPath);
        File.Delete(gzPath);
    }
}
