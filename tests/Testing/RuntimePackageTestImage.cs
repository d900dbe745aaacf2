using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Testing;

/// <summary>A program for a test runtime package: its name in bin/, what it is (runtime.json's kind), and the file to copy.</summary>
public sealed record RuntimePackageProgram(string Name, string Kind, string SourcePath);

/// <summary>
/// Builds runtime packages (docs/runtime.md, "The runtime package") the way a vendor would, written here from the
/// documented format rather than with the product's code: an OCI manifest whose config, of type
/// <see cref="ConfigMediaType"/>, is runtime.json, and one gzip layer holding bin/&lt;program&gt; files. Hostile layers
/// are made with <see cref="CreateLayerAsync"/> and a free hand on the tar.
/// </summary>
public static class RuntimePackageTestImage
{
    public const string ConfigMediaType = "application/vnd.gravitational.runtime.config.v1+json";
    public const string KubernetesVersion = "1.35.2";
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Small programs (shell scripts printing their name) written into <paramref name="dir"/>: enough for most tests.</summary>
    public static IReadOnlyList<RuntimePackageProgram> SmallPrograms(string dir, params string[] kinds)
    {
        Directory.CreateDirectory(dir);
        if (kinds.Length == 0) kinds = ["etcd", "kubectl", "helm"];
        return kinds.Select(kind =>
        {
            var path = Path.Combine(dir, kind);
            File.WriteAllText(path, $"#!/bin/sh\necho {kind} from the runtime package\n");
            return new RuntimePackageProgram(kind, kind, path);
        }).ToList();
    }

    /// <summary>The host's etcd, containerd and runc (Debian's), and kubectl and helm from /usr/local/bin when installed; null when one of the first three is missing.</summary>
    public static IReadOnlyList<RuntimePackageProgram>? HostPrograms()
    {
        var found = new List<RuntimePackageProgram>();
        foreach (var (kind, required) in new[] { ("etcd", true), ("containerd", true), ("runc", true), ("kubectl", false), ("helm", false) })
        {
            var path = Gravity.Core.Processes.ProcessRunner.Which(kind);
            if (path is null) { if (required) return null; continue; }
            found.Add(new RuntimePackageProgram(kind, kind, path));
        }
        return found;
    }

    public static byte[] RuntimeJson(IEnumerable<RuntimePackageProgram> programs, string kubernetesVersion = KubernetesVersion)
    {
        var json = new JsonObject
        {
            ["formatVersion"] = 1,
            ["kubernetesVersion"] = kubernetesVersion,
            ["os"] = "linux",
            ["architecture"] = "amd64",
            ["binaries"] = new JsonArray(programs.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["kind"] = p.Kind }).ToArray()),
        };
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>A runtime package of <paramref name="programs"/> (one layer), or of the given layers and runtime.json.</summary>
    public static async Task<TestImage> CreateAsync(ContentStore store, IReadOnlyList<RuntimePackageProgram> programs, string kubernetesVersion = KubernetesVersion,
        IReadOnlyList<TestLayer>? layers = null, byte[]? runtimeJson = null, string configMediaType = ConfigMediaType, CancellationToken ct = default)
    {
        layers ??= [await CreateLayerAsync(store, async tar =>
        {
            foreach (var program in programs)
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"bin/{program.Name}")
                {
                    ModificationTime = FixedTime, Mode = (UnixFileMode)0x1ED, DataStream = File.OpenRead(program.SourcePath),
                }, ct);
        }, ct)];
        var config = runtimeJson ?? RuntimeJson(programs, kubernetesVersion);
        var configDescriptor = new Descriptor { MediaType = configMediaType, Digest = await store.PutBytesAsync(config, ct), Size = config.Length };
        var manifest = OciJson.Serialize(new ImageManifest
        {
            SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = layers.Select(l => l.Descriptor).ToList(),
        });
        var manifestDescriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = await store.PutBytesAsync(manifest, ct), Size = manifest.Length };
        return new TestImage(manifestDescriptor, configDescriptor, layers);
    }

    /// <summary>A gzip layer whose tar <paramref name="write"/> fills as it likes (bin/ first is added for it).</summary>
    public static async Task<TestLayer> CreateLayerAsync(ContentStore store, Func<TarWriter, Task> write, CancellationToken ct = default)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"gravity-runtime-layer-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using var diffHash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            await using (var file = File.Create(temp))
            {
                await using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                await using var hashing = new TestImages.HashingWriteStream(gzip, diffHash);
                await using var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true);
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { ModificationTime = FixedTime, Mode = (UnixFileMode)0x1ED }, ct);
                await write(tar);
            }
            await using var read = File.OpenRead(temp);
            var (digest, length) = await store.PutAsync(read, ct: ct);
            return new TestLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = length }, Digest.Sha256(diffHash.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
