using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Testing;

/// <summary>
/// A one-layer OCI image holding Debian's busybox-static as /bin/busybox and /bin/sh (with links for the common
/// applets): the shell test images of hooks run. Built from the binary installed on this machine, nothing downloaded.
/// </summary>
public static class BusyboxTestImage
{
    public const string BinaryPath = "/usr/bin/busybox";
    private static readonly string[] Applets =
        ["sh", "echo", "cat", "sleep", "env", "ls", "mkdir", "rm", "cp", "mv", "test", "printf", "true", "false", "sed", "grep", "wc", "head", "tail", "touch", "id", "date", "kill"];
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Why the image cannot be built here, or null.</summary>
    public static string? Unavailable() => File.Exists(BinaryPath) ? null : $"{BinaryPath} is missing (apt-get install busybox-static)";

    public static async Task<TestImage> CreateAsync(ContentStore store, CancellationToken ct = default)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"gravity-busybox-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using var diffHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(temp))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await using (var hashing = new TestImages.HashingWriteStream(gzip, diffHash))
                await WriteTarAsync(hashing, ct);
            Descriptor layer;
            await using (var read = File.OpenRead(temp))
            {
                var (digest, size) = await store.PutAsync(read, ct: ct);
                layer = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size };
            }
            var diffId = Digest.Sha256(diffHash.GetHashAndReset());
            var config = new JsonObject
            {
                ["architecture"] = "amd64",
                ["os"] = "linux",
                ["config"] = new JsonObject { ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") },
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId.ToString()) },
            };
            var configBytes = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
            var configDescriptor = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = await store.PutBytesAsync(configBytes, ct), Size = configBytes.Length };
            var manifestBytes = OciJson.Serialize(new ImageManifest
            {
                SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = [layer],
            });
            var manifest = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = await store.PutBytesAsync(manifestBytes, ct), Size = manifestBytes.Length };
            return new TestImage(manifest, configDescriptor, [new TestLayer(layer, diffId)]);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task WriteTarAsync(Stream output, CancellationToken ct)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (dir, mode) in new[] { ("bin/", 0b111_101_101), ("tmp/", 0b1_111_111_111), ("etc/", 0b111_101_101) })
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, dir) { ModificationTime = FixedTime, Mode = (UnixFileMode)mode }, ct);
        await using (var binary = File.OpenRead(BinaryPath))
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { ModificationTime = FixedTime, Mode = (UnixFileMode)0b111_101_101, DataStream = binary }, ct);
        foreach (var applet in Applets)
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { ModificationTime = FixedTime, LinkName = "busybox", Mode = (UnixFileMode)0b111_111_111 }, ct);
    }
}
