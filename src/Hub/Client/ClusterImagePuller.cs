using Gravity.Core;
using Gravity.Hub.Catalog;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Hub.Client;

public sealed record PullResult(string Name, string Version, string Path, long Size, Oci.Digest ArchiveDigest);

/// <summary>
/// <c>tele pull</c>: rebuilds the cluster image file from its artifact with the deterministic writer, into a temporary
/// file that replaces the target only after its digest matched the one recorded at push (so it is byte-identical).
/// </summary>
public sealed class ClusterImagePuller(HubClient client)
{
    private const long MaxConfigSize = 1 << 20;

    public async Task<PullResult> PullAsync(string name, string? version, string? output, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        if (ClusterImageArtifact.Problem(name, version ?? "0.0.0") is { } asked) throw new GravityException($"tele pull: {asked}");
        version ??= await LatestVersionAsync(name, ct);
        if (ClusterImageArtifact.Problem(name, version) is { } latest) throw new InvalidDataException($"the Hub lists {name}:{version}: {latest}");
        var repository = ClusterImageArtifact.RepositoryFor(name);
        var manifest = await client.GetManifestAsync(repository, ClusterImageArtifact.TagFor(version), ct)
            ?? throw new GravityException($"application {name}:{version} not found in the Hub");
        ImageManifest parsed;
        try { parsed = OciJson.Deserialize<ImageManifest>(manifest.Content); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{name}:{version}: invalid manifest: {e.Message}"); }
        if (!ArtifactCodec.IsClusterImage(parsed)) throw new GravityException($"{repository}:{version} is not a cluster image");
        ClusterImageConfig config;
        try { config = OciJson.Deserialize<ClusterImageConfig>(await client.ReadSmallBlobAsync(repository, parsed.Config.Digest, MaxConfigSize, ct)); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{name}:{version}: invalid config: {e.Message}"); }
        // The Hub's word decides nothing about where the file goes: what it names must be what was asked for.
        if (ClusterImageArtifact.Problem(config.Name, config.Version) is { } served)
            throw new InvalidDataException($"{name}:{version}: the Hub's cluster image is refused: {served}; nothing was written");
        if (!string.Equals(config.Name, name, StringComparison.OrdinalIgnoreCase) || ClusterImageArtifact.TagFor(config.Version) != ClusterImageArtifact.TagFor(version))
            throw new InvalidDataException($"{name}:{version}: the Hub serves {config.Name}:{config.Version} instead; nothing was written");
        var entries = ArtifactCodec.ReadEntries(parsed);
        var expectedLength = ClusterImageWriter.ComputeLength(entries);
        if (expectedLength != config.Size)
            throw new InvalidDataException($"{name}:{version}: entries add up to {expectedLength} bytes but the image had {config.Size}");

        var target = Path.GetFullPath(output ?? Path.Combine(Environment.CurrentDirectory, $"{config.Name}-{config.Version}.tar"));
        await AtomicFile.WriteAsync(target, async file =>
        {
            using var hashing = new HashingWriteStream(file);
            var written = progress is null ? null : new SyncProgress<long>(n => progress.Report(new TransferProgress(n, config.Size)));
            await ClusterImageWriter.WriteAsync(hashing, entries, (entry, token) => client.OpenBlobAsync(repository, entry.Digest, token), ct, written);
            var digest = hashing.Digest();
            if (digest != config.ArchiveDigest)
                throw new InvalidDataException($"{name}:{version}: the rebuilt file has digest {digest}, the published one {config.ArchiveDigest}; nothing was written");
        }, mode: ArchiveEntry.RegularMode);
        return new PullResult(config.Name, config.Version, target, config.Size, config.ArchiveDigest);
    }

    /// <summary>The highest semantic version published (by publication time when versions do not parse).</summary>
    public async Task<string> LatestVersionAsync(string name, CancellationToken ct = default)
    {
        var versions = await client.ListAppsAsync(name, ct);
        if (versions.Count == 0) throw new GravityException($"application {name} not found in the Hub");
        return versions
            .OrderBy(v => NuGet.Versioning.SemanticVersion.TryParse(v.Version, out var s) ? s : null)
            .ThenBy(v => v.Created)
            .Last().Version;
    }
}
