using System.Text.Json;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Registry;

/// <summary>
/// The registry's state on disk: blobs (and manifest bytes) in a <see cref="ContentStore"/> under <c>content/</c>,
/// per-repository links under <c>repositories/</c> (see <see cref="RepositoryPaths"/>) and upload sessions under
/// <c>uploads/</c>. Everything that matters is on disk and changes by atomic renames, so several processes can share
/// one folder. Layout documented in docs/registry-storage.md.
/// </summary>
public sealed class RegistryStorage
{
    private const string LinkFile = "link";
    private const string MediaTypeFile = "mediatype";
    private readonly RepositoryPaths _paths;

    public RegistryStorage(string root)
    {
        Root = Path.GetFullPath(root);
        var content = Path.Combine(Root, "content");
        // Created here first so that they get the registry's modes (the content store would create them 0755).
        RegistryFileModes.CreateFolder(Path.Combine(content, "blobs", "sha256"));
        RegistryFileModes.CreateFolder(Path.Combine(content, "ingest"));
        RegistryFileModes.TightenFolder(content);
        Content = new ContentStore(content);
        var repositories = Path.Combine(Root, "repositories");
        RegistryFileModes.CreateFolder(repositories);
        RegistryFileModes.TightenFolder(repositories);
        _paths = new RepositoryPaths(repositories);
        Uploads = new UploadStore(Path.Combine(Root, "uploads"), Content);
    }

    public string Root { get; }
    public ContentStore Content { get; }
    public UploadStore Uploads { get; }

    public bool RepositoryExists(string repository) => Directory.Exists(_paths.Repository(repository));

    // ---- blobs

    /// <summary>Size of a blob linked into the repository and present in the store; null otherwise.</summary>
    public long? TryGetBlobSize(string repository, Digest digest)
        => File.Exists(Path.Combine(_paths.Layer(repository, digest), LinkFile)) ? Content.TryGetSize(digest) : null;

    public bool HasBlob(string repository, Digest digest) => TryGetBlobSize(repository, digest) is not null;

    /// <summary>Makes a blob that is already in the content store visible in a repository.</summary>
    public Task LinkBlobAsync(string repository, Digest digest)
    {
        if (!Content.Exists(digest)) throw new RegistryErrorException(RegistryErrorCodes.BlobUnknown, $"blob {digest} is not in the store");
        return WriteLinkAsync(_paths.Layer(repository, digest), digest);
    }

    public bool UnlinkBlob(string repository, Digest digest) => DeleteLink(_paths.Layer(repository, digest));

    // ---- manifests

    /// <summary>
    /// Validates and stores a manifest: every blob and child manifest it references must already be in the repository
    /// (MANIFEST_BLOB_UNKNOWN otherwise). <paramref name="reference"/> is a tag (tagged afterwards) or the digest the
    /// content must have (DIGEST_INVALID otherwise).
    /// </summary>
    public async Task<(Digest Digest, ParsedManifest Manifest)> PutManifestAsync(string repository, string reference, byte[] content,
        string? contentType, CancellationToken ct = default, IManifestAdmission? admission = null)
    {
        var digest = Digest.Compute(content);
        string? tag = null;
        if (Digest.TryParse(reference, out var wanted))
        {
            if (wanted != digest)
            {
                var actual = wanted.Algorithm == "sha256" ? digest : ComputeWith(wanted, content);
                if (actual != wanted) throw new RegistryErrorException(RegistryErrorCodes.DigestInvalid, $"manifest digest is {actual}, not {wanted}");
                digest = actual;
            }
        }
        else if (RepositoryName.IsValidTag(reference)) tag = reference;
        else throw new RegistryErrorException(RegistryErrorCodes.ManifestInvalid, $"invalid reference '{reference}': neither a tag nor a digest");

        var parsed = RegistryManifestParser.Parse(content, contentType);
        var missing = parsed.Blobs.Where(b => !HasBlob(repository, b.Digest))
            .Concat(parsed.Manifests.Where(m => !HasManifest(repository, m.Digest)))
            .Select(d => d.Digest.ToString()).Distinct().ToList();
        if (missing.Count > 0)
            throw new RegistryErrorException(RegistryErrorCodes.ManifestBlobUnknown,
                $"manifest references content not in repository {repository}: {string.Join(", ", missing)}", new { missing });
        if (admission is not null) await admission.CheckAsync(this, repository, reference, content, parsed, ct).ConfigureAwait(false);

        if (!Content.Exists(digest)) await PutContentAsync(content, digest, ct).ConfigureAwait(false);
        var revision = _paths.Revision(repository, digest);
        RegistryFileModes.CreateFolder(revision);
        await AtomicFile.WriteAllTextAsync(Path.Combine(revision, MediaTypeFile), parsed.MediaType, RegistryFileModes.File).ConfigureAwait(false);
        await WriteLinkAsync(revision, digest).ConfigureAwait(false);
        if (parsed.Subject is { } subject) await AddReferrerAsync(repository, subject.Digest, digest, content.Length, parsed).ConfigureAwait(false);
        if (tag is not null) await WriteLinkAsync(Path.Combine(_paths.Tag(repository, tag), "current"), digest).ConfigureAwait(false);
        return (digest, parsed);
    }

    /// <summary>Stores manifest bytes through an ingest file created with the registry's file mode (the content store's own writer uses 0644).</summary>
    private async Task PutContentAsync(byte[] content, Digest digest, CancellationToken ct)
    {
        var ingest = Content.NewIngestPath();
        try
        {
            await using (var file = new FileStream(ingest, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous,
                             UnixCreateMode = RegistryFileModes.File,
                         }))
            {
                await file.WriteAsync(content, ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            RegistryFileModes.CreateFolder(Path.GetDirectoryName(Content.PathOf(digest))!);
            await Content.ImportIngestFileAsync(ingest, digest, ct).ConfigureAwait(false);
        }
        finally
        {
            if (File.Exists(ingest)) File.Delete(ingest);
        }
    }

    public bool HasManifest(string repository, Digest digest)
        => File.Exists(Path.Combine(_paths.Revision(repository, digest), LinkFile)) && Content.Exists(digest);

    /// <summary>The digest a tag points to, or the digest itself when <paramref name="reference"/> is one; null when unknown.</summary>
    public Digest? Resolve(string repository, string reference)
    {
        if (Digest.TryParse(reference, out var d)) return HasManifest(repository, d) ? d : null;
        if (!RepositoryName.IsValidTag(reference)) return null;
        var link = ReadLink(Path.Combine(_paths.Tag(repository, reference), "current"));
        return link is { } t && HasManifest(repository, t) ? t : null;
    }

    public async Task<StoredManifest?> GetManifestAsync(string repository, string reference, CancellationToken ct = default)
    {
        if (Resolve(repository, reference) is not { } digest) return null;
        byte[] content;
        try { content = await Content.ReadAllBytesAsync(digest, ct).ConfigureAwait(false); }
        catch (BlobNotFoundException) { return null; }
        var typeFile = Path.Combine(_paths.Revision(repository, digest), MediaTypeFile);
        var mediaType = File.Exists(typeFile) ? (await File.ReadAllTextAsync(typeFile, ct).ConfigureAwait(false)).Trim() : null;
        return new StoredManifest(content, string.IsNullOrEmpty(mediaType) ? OciJson.PeekMediaType(content) ?? MediaTypes.OciManifest : mediaType, digest);
    }

    /// <summary>Removes a manifest revision, the tags that point to it and its entry in the referrers of its subject.</summary>
    public async Task<bool> DeleteManifestAsync(string repository, Digest digest, CancellationToken ct = default)
    {
        if (!HasManifest(repository, digest)) return false;
        var stored = await GetManifestAsync(repository, digest.ToString(), ct).ConfigureAwait(false);
        foreach (var tag in ListTags(repository))
            if (ReadLink(Path.Combine(_paths.Tag(repository, tag), "current")) == digest) DeleteTag(repository, tag);
        var revision = _paths.Revision(repository, digest);
        DeleteLink(revision);
        TryDeleteDirectory(revision);
        if (stored is not null)
        {
            try
            {
                if (RegistryManifestParser.Parse(stored.Content, stored.MediaType).Subject is { } subject)
                    TryDeleteFile(_paths.Referrer(repository, subject.Digest, digest));
            }
            catch (RegistryErrorException) { /* stored before validation rules changed: nothing to unlink */ }
        }
        return true;
    }

    public bool DeleteTag(string repository, string tag)
    {
        var dir = _paths.Tag(repository, tag);
        if (!Directory.Exists(dir)) return false;
        try { Directory.Delete(dir, recursive: true); } catch (DirectoryNotFoundException) { return false; }
        return true;
    }

    /// <summary>Tags of a repository in lexical (ordinal) order; empty when it has none.</summary>
    public IReadOnlyList<string> ListTags(string repository)
    {
        var dir = _paths.Tags(repository);
        if (!Directory.Exists(dir)) return [];
        var tags = Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Where(t => RepositoryName.IsValidTag(t) && File.Exists(Path.Combine(dir, t, "current", LinkFile))).ToList();
        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    /// <summary>Every repository (a folder with _layers or _manifests), in lexical order.</summary>
    public IReadOnlyList<string> ListRepositories()
    {
        var result = new List<string>();
        Walk(_paths.Root, "");
        result.Sort(StringComparer.Ordinal);
        return result;

        void Walk(string dir, string prefix)
        {
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (name.StartsWith('_')) continue;
                var full = prefix.Length == 0 ? name : $"{prefix}/{name}";
                if (!RepositoryName.IsValid(full)) continue;
                if (Directory.Exists(Path.Combine(sub, "_manifests")) || Directory.Exists(Path.Combine(sub, "_layers"))) result.Add(full);
                if (full.Length < RepositoryName.MaxLength) Walk(sub, full);
            }
        }
    }

    // ---- referrers

    public IReadOnlyList<Descriptor> ListReferrers(string repository, Digest subject, string? artifactType = null)
    {
        var dir = _paths.ReferrersOf(repository, subject);
        if (!Directory.Exists(dir)) return [];
        var result = new List<Descriptor>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            Descriptor? d;
            try { d = JsonSerializer.Deserialize<Descriptor>(File.ReadAllBytes(file), OciJson.Options); }
            catch (Exception ex) when (ex is IOException or JsonException) { continue; }
            if (d is null || !HasManifest(repository, d.Digest)) continue;
            if (artifactType is not null && d.ArtifactType != artifactType) continue;
            result.Add(d);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Digest.ToString(), b.Digest.ToString()));
        return result;
    }

    private async Task AddReferrerAsync(string repository, Digest subject, Digest referrer, long size, ParsedManifest parsed)
    {
        var descriptor = new Descriptor
        {
            MediaType = parsed.MediaType, Digest = referrer, Size = size, ArtifactType = parsed.ArtifactType, Annotations = parsed.Annotations,
        };
        var path = _paths.Referrer(repository, subject, referrer);
        RegistryFileModes.CreateFolder(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteAllBytesAsync(path, OciJson.Serialize(descriptor), RegistryFileModes.File).ConfigureAwait(false);
    }

    // ---- links

    private static async Task WriteLinkAsync(string dir, Digest digest)
    {
        RegistryFileModes.CreateFolder(dir);
        await AtomicFile.WriteAllTextAsync(Path.Combine(dir, LinkFile), digest.ToString(), RegistryFileModes.File).ConfigureAwait(false);
    }

    private static Digest? ReadLink(string dir)
    {
        try { return Digest.TryParse(File.ReadAllText(Path.Combine(dir, LinkFile)).Trim(), out var d) ? d : null; }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static bool DeleteLink(string dir)
    {
        var link = Path.Combine(dir, LinkFile);
        if (!File.Exists(link)) return false;
        TryDeleteFile(link);
        TryDeleteDirectory(dir);
        return true;
    }

    private static void TryDeleteFile(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void TryDeleteDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static Digest ComputeWith(Digest algorithmOf, byte[] content)
    {
        using var hash = algorithmOf.CreateHash();
        hash.AppendData(content);
        return algorithmOf.Algorithm == "sha256" ? Digest.Sha256(hash.GetHashAndReset()) : Digest.Parse($"{algorithmOf.Algorithm}:{Convert.ToHexStringLower(hash.GetHashAndReset())}");
    }
}
