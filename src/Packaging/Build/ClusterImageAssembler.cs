using System.Globalization;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Build;

/// <summary>Lays out the entries of a cluster image (docs/cluster-image.md) from the plan and the fetched images.</summary>
internal static class ClusterImageAssembler
{
    private static readonly byte[] OciLayoutContent = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    public static async Task<(EntrySet Entries, ClusterImageHead Head)> AssembleAsync(BuildPlanner.Inputs inputs,
        IReadOnlyDictionary<string, FetchedImage> fetched, LayerDownloads layers, ContentStore store, Task<HashedFile> gravityBinary,
        IReadOnlyDictionary<string, HeadRuntimePackage> runtimePackages, BuildRequest request, CancellationToken ct)
    {
        var plan = inputs.Plan;
        var set = new EntrySet();

        // A reference pinned by digest keeps pointing at the stored image when Docker media types were converted.
        ImageReference RewrittenOf(PlannedImage i) => i.Rewritten.Digest is null ? i.Rewritten : i.Rewritten.WithDigest(fetched[i.Source.ToString()].Root.Digest);

        var index = new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciIndex,
            Manifests = plan.Images
                .DistinctBy(i => RewrittenOf(i).ToString())
                .OrderBy(i => RewrittenOf(i).ToString(), StringComparer.Ordinal)
                .Select(i => fetched[i.Source.ToString()].Root with
                {
                    Annotations = new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = RewrittenOf(i).ToString() },
                })
                .ToList(),
        };
        var indexBytes = OciJson.Serialize(index);
        var rewrites = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in plan.Images)
        {
            rewrites[image.Reference.ToString()] = RewrittenOf(image).ToString();
            rewrites[image.Source.ToString()] = RewrittenOf(image).ToString();
        }
        ImageReference? Map(ImageReference r) => rewrites.TryGetValue(r.ToString(), out var to) ? ImageReference.Parse(to) : null;

        set.AddBytes(ClusterImageLayout.IndexPath, indexBytes);
        set.AddText(ClusterImageLayout.Readme, LauncherScripts.Readme(plan.Name, plan.Version, plan.Images.Count));
        set.AddText(ClusterImageLayout.AppManifest, RewriteHooks(inputs.FinalYaml, Map));
        set.AddFile(ClusterImageLayout.GravityBinary, await gravityBinary.ConfigureAwait(false), ArchiveEntry.ExecutableMode);
        set.AddText(ClusterImageLayout.InstallScript, LauncherScripts.Install(plan.Name, plan.Version), ArchiveEntry.ExecutableMode);
        set.AddText(ClusterImageLayout.UploadScript, LauncherScripts.Upload(plan.Name, plan.Version), ArchiveEntry.ExecutableMode);
        set.AddText(ClusterImageLayout.UpgradeScript, LauncherScripts.Upgrade(plan.Name, plan.Version), ArchiveEntry.ExecutableMode);
        set.AddText(ClusterImageLayout.PreflightScript, LauncherScripts.Preflight(plan.Name, plan.Version), ArchiveEntry.ExecutableMode);
        set.AddBytes(ClusterImageLayout.OciLayoutFile, OciLayoutContent);
        set.AddBytes(ClusterImageLayout.OciIndexFile, indexBytes);

        var uniqueBlobs = fetched.Values.SelectMany(f => f.Blobs).DistinctBy(b => b.Digest)
            .OrderBy(b => b.Digest.ToString(), StringComparer.Ordinal).ToList();
        foreach (var blob in uniqueBlobs)
        {
            if (layers.IsPending(blob.Digest))
            {
                set.AddDownloadingBlob(store, blob.Digest, blob.Size, layers.WhenReady(blob.Digest));
                continue;
            }
            var size = store.TryGetSize(blob.Digest) ?? throw new BlobNotFoundException(blob.Digest);
            if (size != blob.Size) throw new InvalidDataException($"blob {blob.Digest} is {size} bytes in the cache, its descriptor says {blob.Size}");
            set.AddBlob(store, blob.Digest, size);
        }

        foreach (var resource in plan.Resources)
        {
            var path = Path.Combine(inputs.BuildDir, resource.Path);
            var name = ClusterImageLayout.ResourcePath(resource.Path);
            if (!inputs.RewrittenResources.Contains(resource.Path))
            {
                await set.AddFileAsync(name, path, ArchiveEntry.RegularMode, ct).ConfigureAwait(false);
                continue;
            }
            var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            var result = ResourceRewriter.Rewrite(text, Map);
            set.AddText(name, result.Text);
        }

        var head = new ClusterImageHead
        {
            Name = plan.Name,
            Version = plan.Version,
            Created = CreatedTime(request, plan.ManifestPath),
            Registry = request.ClusterRegistry,
            Images = plan.Images.Select(i =>
            {
                var f = fetched[i.Source.ToString()];
                return new HeadImage
                {
                    Reference = i.Reference.ToString(), Rewritten = RewrittenOf(i).ToString(), Digest = f.Root.Digest,
                    SourceDigest = f.SourceDigest == f.Root.Digest ? null : f.SourceDigest,
                    MediaType = f.Root.MediaType, Size = f.Size, Platforms = f.Platforms,
                    Sources = i.FoundIn.Select(s => new HeadImageSource { File = s.File, Line = s.Line, Origin = s.Origin }).ToList(),
                };
            }).ToList(),
            Rewrites = rewrites,
            Resources = plan.Resources.Select(r => r.Path).ToList(),
            RuntimePackages = runtimePackages,
            TotalBytes = plan.Images.Sum(i => fetched[i.Source.ToString()].Size),
            UniqueBytes = uniqueBlobs.Sum(b => b.Size),
            Entries = set.Entries.Select(HeadEntry.From).ToList(),
        };
        var headBytes = head.ToJson();
        set.Insert(0, new ArchiveEntry(ClusterImageLayout.HeadPath, ArchiveEntry.RegularMode, headBytes.Length, Digest.Compute(headBytes)), headBytes);
        return (set, head);
    }

    /// <summary>The hook jobs run inside the cluster, so their images must come from the cluster registry too.</summary>
    private static string RewriteHooks(string finalYaml, Func<ImageReference, ImageReference?> map)
    {
        var text = ManifestHookRewriter.Rewrite(finalYaml, map).Text;
        var check = Gravity.Manifest.ManifestLoader.Parse(text, ClusterImageLayout.AppManifest);
        if (!check.Succeeded)
            throw new Gravity.Core.GravityException("the manifest with its hook images rewritten no longer loads:" + Environment.NewLine + check.ErrorText);
        return text;
    }

    /// <summary>Reproducible creation time: explicit, else SOURCE_DATE_EPOCH, else the manifest's modification time (whole seconds).</summary>
    private static DateTimeOffset CreatedTime(BuildRequest request, string manifestPath)
    {
        if (request.Created is { } created) return created.ToUniversalTime();
        if (request.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is { Length: > 0 } epoch
            && long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        return DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(File.GetLastWriteTimeUtc(manifestPath)).ToUnixTimeSeconds());
    }
}
