using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;

namespace Gravity.Packaging.Build;

/// <summary>
/// Layers still downloading while the archive is written. They are fetched in archive order (by digest, as the
/// assembler lays blobs out), a few at a time, so the writer, which needs them in that order, waits as little as
/// possible: the build takes about as long as the slower of downloading and writing instead of their sum.
/// Owns the registry client; disposing cancels what is still running.
/// </summary>
internal sealed class LayerDownloads : IAsyncDisposable
{
    private readonly Dictionary<Digest, Task> _ready;
    private readonly CancellationTokenSource _cts;
    private readonly RegistryClient _client;
    private readonly Task _all;

    private LayerDownloads(RegistryClient client, CancellationTokenSource cts, Task all, Dictionary<Digest, Task> ready)
    {
        _client = client;
        _cts = cts;
        _all = all;
        _ready = ready;
    }

    public static LayerDownloads None(RegistryClient client) => new(client, new CancellationTokenSource(), Task.CompletedTask, []);

    public static LayerDownloads Start(ImagePuller puller, RegistryClient client, IReadOnlyList<(ImageReference Image, Descriptor Layer)> pending,
        int parallelism, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ordered = pending.DistinctBy(p => p.Layer.Digest).OrderBy(p => p.Layer.Digest.ToString(), StringComparer.Ordinal).ToList();
        var sources = ordered.ToDictionary(p => p.Layer.Digest, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var all = Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cts.Token },
            async (item, token) =>
            {
                var done = sources[item.Layer.Digest];
                try
                {
                    await puller.FetchBlobAsync(item.Image, item.Layer, progress, token).ConfigureAwait(false);
                    done.TrySetResult();
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                    throw;
                }
            });
        // Whatever did not run (cancelled or stopped by a failure) must not leave a writer waiting forever.
        var settled = all.ContinueWith(t =>
        {
            foreach (var s in sources.Values)
                if (t.Exception is { } e) s.TrySetException(e.InnerExceptions); else s.TrySetCanceled();
        }, TaskScheduler.Default);
        return new LayerDownloads(client, cts, settled, sources.ToDictionary(kv => kv.Key, kv => kv.Value.Task));
    }

    /// <summary>Completes when the blob is in the store (at once for blobs that never needed a download).</summary>
    public Task WhenReady(Digest digest) => _ready.TryGetValue(digest, out var t) ? t : Task.CompletedTask;

    public bool IsPending(Digest digest) => _ready.TryGetValue(digest, out var t) && !t.IsCompletedSuccessfully;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        try { await _all.ConfigureAwait(false); } catch (Exception) { /* already reported through WhenReady */ }
        _cts.Dispose();
        _client.Dispose();
    }
}
