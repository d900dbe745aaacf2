using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;
using Gravity.Registry;

namespace Gravity.Hub.Catalog;

/// <summary>
/// The Hub publishes a cluster image only when its artifact is the image its head describes: layer 0 is a head.json
/// that checks itself, the other layers are exactly the head's entries (name, mode, size, digest, in order), and the
/// config and the repository and tag name the head's application and version with the size those entries make.
/// Otherwise the version could never be pulled, or would be pulled as something its head does not vouch for.
/// </summary>
public sealed class ClusterImageAdmission : IManifestAdmission
{
    private const long MaxConfigSize = 1 << 20;

    public async Task CheckAsync(RegistryStorage storage, string repository, string reference, byte[] content, ParsedManifest parsed, CancellationToken ct)
    {
        if (MediaTypes.IsIndex(parsed.MediaType)) return;
        ImageManifest manifest;
        try { manifest = OciJson.Deserialize<ImageManifest>(content); }
        catch (System.Text.Json.JsonException ex) { throw Refuse($"malformed manifest: {ex.Message}"); }
        if (!ArtifactCodec.IsClusterImage(manifest)) return;

        IReadOnlyList<ArchiveEntry> layers;
        try { layers = ArtifactCodec.ReadEntries(manifest); }
        catch (InvalidDataException ex) { throw Refuse(ex.Message); }
        if (layers.Count == 0 || layers[0].Name != ClusterImageLayout.HeadPath)
            throw Refuse($"layers[0] must be {ClusterImageLayout.HeadPath}");
        if (layers[0].Size > ClusterImageLayout.MaxHeadSize) throw Refuse($"layers[0]: {ClusterImageLayout.HeadPath} is larger than {ClusterImageLayout.MaxHeadSize} bytes");

        ClusterImageHead head;
        try { head = ClusterImageHead.Parse(await ReadBlobAsync(storage, layers[0].Digest, ClusterImageLayout.MaxHeadSize, ct)); }
        catch (InvalidDataException ex) { throw Refuse($"layers[0]: {ex.Message}"); }

        var listed = head.ToArchiveEntries();
        if (layers.Count - 1 != listed.Count)
            throw Refuse($"{layers.Count - 1} file layers, {ClusterImageLayout.HeadPath} lists {listed.Count} entries");
        for (var i = 0; i < listed.Count; i++)
        {
            var (layer, want) = (layers[i + 1], listed[i]);
            if (layer.Name != want.Name) throw Refuse($"layers[{i + 1}] is '{layer.Name}', {ClusterImageLayout.HeadPath} lists '{want.Name}' there");
            if (layer.Digest != want.Digest) throw Refuse($"layers[{i + 1}] ({layer.Name}) has digest {layer.Digest}, {ClusterImageLayout.HeadPath} records {want.Digest}");
            if (layer.Size != want.Size) throw Refuse($"layers[{i + 1}] ({layer.Name}) has {layer.Size} bytes, {ClusterImageLayout.HeadPath} records {want.Size}");
            if (layer.Mode != want.Mode) throw Refuse($"layers[{i + 1}] ({layer.Name}) has mode {layer.OctalMode}, {ClusterImageLayout.HeadPath} records {want.OctalMode}");
        }

        if (repository != ClusterImageArtifact.RepositoryFor(head.Name))
            throw Refuse($"{head.Name}:{head.Version} belongs in repository {ClusterImageArtifact.RepositoryFor(head.Name)}, not {repository}");
        if (!Digest.TryParse(reference, out _) && reference != ClusterImageArtifact.TagFor(head.Version))
            throw Refuse($"{head.Name}:{head.Version} is tagged {ClusterImageArtifact.TagFor(head.Version)}, not {reference}");
        ClusterImageConfig config;
        try { config = OciJson.Deserialize<ClusterImageConfig>(await ReadBlobAsync(storage, manifest.Config.Digest, MaxConfigSize, ct)); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException) { throw Refuse($"config: {ex.Message}"); }
        if (config.Name != head.Name || config.Version != head.Version)
            throw Refuse($"config names {config.Name}:{config.Version}, {ClusterImageLayout.HeadPath} {head.Name}:{head.Version}");
        var length = ClusterImageWriter.ComputeLength(layers);
        if (config.Size != length) throw Refuse($"config records a file of {config.Size} bytes, its entries make {length}");
    }

    private static async Task<byte[]> ReadBlobAsync(RegistryStorage storage, Digest digest, long maxSize, CancellationToken ct)
    {
        if (storage.Content.TryGetSize(digest) is not { } size) throw new InvalidDataException($"blob {digest} is not in the registry");
        if (size > maxSize) throw new InvalidDataException($"blob {digest} is larger than {maxSize} bytes");
        await using var s = storage.Content.OpenVerifiedRead(digest);
        using var buffer = new MemoryStream((int)size);
        await s.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static RegistryErrorException Refuse(string problem)
        => new(RegistryErrorCodes.ManifestInvalid, $"cluster image refused: {problem}");
}
