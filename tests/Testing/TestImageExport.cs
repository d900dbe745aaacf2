using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;

namespace Gravity.Testing;

/// <summary>Writes generated images out of a store: OCI layout folders, <c>docker save</c> tars, registries.</summary>
public static class TestImageExport
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task WriteOciLayoutAsync(ContentStore store, string dir, IEnumerable<(string RefName, Descriptor Root)> images, CancellationToken ct = default)
        => OciLayout.WriteAsync(dir, store, images, ct);

    /// <summary>
    /// The classic <c>docker save</c> format: manifest.json, &lt;config-hex&gt;.json, &lt;diffid-hex&gt;/layer.tar (uncompressed),
    /// repositories. Images must be single-platform manifests.
    /// </summary>
    public static async Task WriteDockerSaveAsync(ContentStore store, string tarPath, IEnumerable<(IReadOnlyList<string> RepoTags, Descriptor Manifest)> images, CancellationToken ct = default)
    {
        var manifestJson = new JsonArray();
        var repositories = new JsonObject();
        var written = new HashSet<string>();
        await using var file = File.Create(tarPath);
        await using var tar = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var (repoTags, manifestDescriptor) in images)
        {
            var manifest = OciJson.Deserialize<ImageManifest>(await store.ReadAllBytesAsync(manifestDescriptor.Digest, ct));
            var configName = $"{manifest.Config.Digest.Hex}.json";
            if (written.Add(configName))
                await WriteFileAsync(tar, configName, store.PathOf(manifest.Config.Digest), ct);
            var layerNames = new JsonArray();
            foreach (var layer in manifest.Layers)
            {
                var temp = Path.GetTempFileName();
                try
                {
                    await using (var input = store.OpenVerifiedRead(layer.Digest))
                    await using (var gunzip = new GZipStream(input, CompressionMode.Decompress))
                    await using (var output = File.Create(temp))
                    {
                        await gunzip.CopyToAsync(output, ct);
                    }
                    Digest diffId;
                    await using (var hashed = File.OpenRead(temp)) diffId = await Digest.ComputeAsync(hashed, ct);
                    var name = $"{diffId.Hex}/layer.tar";
                    if (written.Add(name)) await WriteFileAsync(tar, name, temp, ct);
                    layerNames.Add(name);
                }
                finally { File.Delete(temp); }
            }
            manifestJson.Add(new JsonObject
            {
                ["Config"] = configName,
                ["RepoTags"] = new JsonArray(repoTags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                ["Layers"] = layerNames,
            });
            foreach (var repoTag in repoTags)
            {
                var colon = repoTag.LastIndexOf(':');
                var repo = repoTag[..colon];
                var tag = repoTag[(colon + 1)..];
                var entry = repositories[repo] as JsonObject ?? new JsonObject();
                entry[tag] = ((string)layerNames[^1]!).Split('/')[0];
                repositories[repo] = entry;
            }
        }
        await WriteBytesAsync(tar, "manifest.json", System.Text.Encoding.UTF8.GetBytes(manifestJson.ToJsonString()), ct);
        await WriteBytesAsync(tar, "repositories", System.Text.Encoding.UTF8.GetBytes(repositories.ToJsonString()), ct);
    }

    /// <summary>Pushes with this project's <see cref="ImagePusher"/>.</summary>
    public static async Task<Digest> PushAsync(ContentStore store, Descriptor root, RegistryProcess registry, string repositoryAndTag, CancellationToken ct = default)
    {
        using var client = new RegistryClient(registry.ClientOptions());
        return await new ImagePusher(client, store).PushAsync(root, registry.Reference(repositoryAndTag), ct: ct);
    }

    /// <summary>
    /// Pushes with skopeo (an independent client): OCI images through an OCI layout, Docker schema 2 ones through
    /// skopeo's dir: format (its OCI transport only takes OCI media types).
    /// </summary>
    public static async Task PushWithSkopeoAsync(ContentStore store, Descriptor root, RegistryProcess registry, string repositoryAndTag, CancellationToken ct = default)
    {
        using var dir = new TempDir("gravity-push");
        string source;
        if (root.MediaType is MediaTypes.OciManifest or MediaTypes.OciIndex)
        {
            await OciLayout.WriteAsync(dir.Path, store, [("image", root)], ct);
            source = $"oci:{dir.Path}:image";
        }
        else
        {
            await WriteSkopeoDirAsync(store, root, dir.Path, ct);
            source = $"dir:{dir.Path}";
        }
        await Skopeo.CopyAsync(source, Skopeo.Docker(registry, repositoryAndTag), destinationRegistry: registry, ct: ct);
    }

    /// <summary>skopeo's dir: transport: manifest.json (the root), &lt;hex&gt;.manifest.json for instances, blobs as &lt;hex&gt;.</summary>
    public static async Task WriteSkopeoDirAsync(ContentStore store, Descriptor root, string dir, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "version"), "Directory Transport Version: 1.1\n", ct);
        foreach (var d in ImageGraph.Walk(store, root))
        {
            var name = d.Digest == root.Digest ? "manifest.json"
                : MediaTypes.IsManifestOrIndex(d.MediaType) ? $"{d.Digest.Hex}.manifest.json" : d.Digest.Hex;
            File.Copy(store.PathOf(d.Digest), Path.Combine(dir, name), overwrite: true);
        }
    }

    private static async Task WriteFileAsync(TarWriter tar, string name, string path, CancellationToken ct)
    {
        await using var data = File.OpenRead(path);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { ModificationTime = FixedTime, Mode = (UnixFileMode)0b110_100_100, DataStream = data };
        await tar.WriteEntryAsync(entry, ct);
    }

    private static async Task WriteBytesAsync(TarWriter tar, string name, byte[] content, CancellationToken ct)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { ModificationTime = FixedTime, Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(content) };
        await tar.WriteEntryAsync(entry, ct);
    }
}
