using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Build;

/// <summary>
/// <c>tele build</c>: loads and validates the manifest, finds the images, fetches them into the shared cache, and writes
/// the cluster image through a temporary file renamed at the end (a failed build leaves nothing behind).
/// </summary>
public static class ClusterImageBuilder
{
    public static async Task<BuildResult> BuildAsync(BuildRequest request, IBuildProgress? progress = null, CancellationToken ct = default)
    {
        progress ??= NullBuildProgress.Instance;
        var inputs = await BuildPlanner.PlanAsync(request, progress, ct).ConfigureAwait(false);
        var plan = inputs.Plan;
        if (request.DryRun) return new BuildResult(plan, null, null, 0);

        var gravity = GravityBinaryLocator.Find(request.GravityBinary);
        // Every cached blob is verified again when it is written into an archive (and refetched if damaged), so the
        // cache need not pay for an fsync per blob.
        var store = new ContentStore(StateDirectory.ContentDir(request.StateDir), syncWrites: false);
        store.CleanIngest(TimeSpan.FromDays(1));

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FetchAndWriteAsync(request, inputs, store, gravity, progress, ct).ConfigureAwait(false);
            }
            catch (ArchiveContentMismatchException ex) when (attempt == 1 && ClusterImageLayout.TryParseBlobPath(ex.Entry.Name, out var damaged))
            {
                // A blob in the cache was damaged at rest (the store only ever admits verified content): drop it and fetch again.
                store.Delete(damaged);
                progress.Stage($"Cached blob {damaged} was damaged; fetching it again");
            }
        }
    }

    private static async Task<BuildResult> FetchAndWriteAsync(BuildRequest request, BuildPlanner.Inputs inputs, ContentStore store, string gravity,
        IBuildProgress progress, CancellationToken ct)
    {
        var plan = inputs.Plan;
        // The gravity binary is hashed while the images are resolved, which mostly waits on the network.
        var gravityHash = Task.Run(() => HashedFile.ComputeAsync(gravity, ct), ct);
        progress.Stage($"Fetching {plan.Images.Count} image(s)");
        var (fetched, layers) = await ImageFetcher.FetchAsync(plan.Images, inputs.Local, store, request, progress, ct).ConfigureAwait(false);
        await using var _ = layers;
        var runtimePackages = await RuntimePackageSelection.CheckAsync(inputs, fetched, store, ct).ConfigureAwait(false);

        var (entries, head) = await ClusterImageAssembler.AssembleAsync(inputs, fetched, layers, store, gravityHash, runtimePackages, request, ct).ConfigureAwait(false);
        var total = ClusterImageWriter.ComputeLength(entries.Entries);
        var outputs = new BuildOutputCache(request.StateDir);
        var key = BuildOutputCache.KeyOf(entries.Entries);
        if (outputs.TryReuse(key, total, plan.OutputPath, request.Overwrite))
        {
            progress.Stage($"Unchanged since the last build: {plan.OutputPath} linked from the state directory");
            return new BuildResult(plan, plan.OutputPath, head, total);
        }
        progress.Stage($"Writing {plan.OutputPath}");
        var written = new SynchronousProgress(n => progress.Writing(n, total));
        try
        {
            await AtomicFile.WriteAsync(plan.OutputPath,
                output => ClusterImageWriter.WriteAsync(output, entries.Entries, entries.OpenAsync, ct, written),
                ArchiveEntry.RegularMode, overwrite: request.Overwrite).ConfigureAwait(false);
        }
        catch (ArchiveContentMismatchException ex) when (!ex.Entry.Name.StartsWith(ClusterImageLayout.BlobsDir, StringComparison.Ordinal))
        {
            throw new GravityException($"cannot write {plan.OutputPath}: {ex.Message}", ex);
        }
        catch (IOException ex) when (ex is not ArchiveContentMismatchException && !request.Overwrite && File.Exists(plan.OutputPath))
        {
            throw new GravityException($"{plan.OutputPath} already exists; use -f to overwrite it");
        }
        catch (InvalidDataException ex)
        {
            throw new GravityException($"cannot write {plan.OutputPath}: {ex.Message}", ex);
        }
        outputs.Remember(key, plan.OutputPath);
        return new BuildResult(plan, plan.OutputPath, head, total);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

/// <summary>A progress sink that ignores everything (-q, tests).</summary>
public sealed class NullBuildProgress : IBuildProgress
{
    public static readonly NullBuildProgress Instance = new();
    public void Stage(string message) { }
    public void ImageStarted(Gravity.Oci.ImageReference image, string source) { }
    public void Transfer(Gravity.Oci.Transfer.TransferProgress progress) { }
    public void ImageFinished(Gravity.Oci.ImageReference image, long size, long downloaded) { }
    public void Writing(long written, long total) { }
}
