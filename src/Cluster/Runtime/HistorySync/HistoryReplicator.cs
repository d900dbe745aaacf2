using System.Threading.Channels;
using Gravity.Cluster.Etcd;
using Gravity.Health.History;

namespace Gravity.Cluster.Runtime.HistorySync;

/// <summary>
/// Makes the status history the masters' common one: every event this agent records is also put into etcd under
/// <see cref="SharedHistoryKeys.Prefix"/> (one key per event identity), and every master imports what the others put
/// (read once, then watched; re-read every <see cref="Resync"/>). Recording stays local first: while etcd does not
/// answer, events wait in memory and go out when it does. Each round also sends what the local history has and etcd
/// does not (the installer's or the join's Node Added, written by another process; events of a time without etcd). The leader prunes keys older than the
/// history's retention. Import is idempotent, so an event arriving twice is kept once.
/// </summary>
public sealed class HistoryReplicator
{
    private const int OutboxLimit = 10_000;
    private readonly IClusterStore _store;
    private readonly HistoryStore _history;
    private readonly Func<CancellationToken, Task<bool>> _isMaster;
    private readonly Func<bool> _isLeader;
    private readonly TimeProvider _time;
    private readonly Channel<ClusterEvent> _outbox = Channel.CreateBounded<ClusterEvent>(
        new BoundedChannelOptions(OutboxLimit) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);

    public HistoryReplicator(IClusterStore store, HistoryStore history, Func<CancellationToken, Task<bool>> isMaster, Func<bool> isLeader, TimeProvider? time = null)
    {
        _store = store;
        _history = history;
        _isMaster = isMaster;
        _isLeader = isLeader;
        _time = time ?? TimeProvider.System;
        history.Recorded += ev => _outbox.Writer.TryWrite(ev);
    }

    public TimeSpan Resync { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(SendAsync(ct), ReceiveAsync(ct));

    private async Task SendAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var ev in _outbox.Reader.ReadAllAsync(ct))
                while (!await TryAsync(() => _store.PutAsync(SharedHistoryKeys.KeyOf(ev), SharedHistoryKeys.ValueOf(ev), ct), ct))
                    await Task.Delay(RetryDelay, _time, ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ReceiveAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await TryAsync(() => RoundAsync(ct), ct)) await Task.Delay(RetryDelay, _time, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var kvs = await _store.GetPrefixAsync(SharedHistoryKeys.Prefix, ct);
        await SendMissingAsync(kvs, ct);
        if (!await _isMaster(ct))
        {
            await Task.Delay(Resync, _time, ct); // a regular node sends its events but keeps no cluster history
            return;
        }
        var cutoff = _time.GetUtcNow() - HistoryStore.DefaultRetention;
        _imported.RemoveWhere(key => SharedHistoryKeys.TimeOf(key) is { } t && t < cutoff);
        foreach (var kv in kvs.Where(kv => !_imported.Contains(kv.Key))) await ImportAsync(kv.Key, kv.Value, ct);
        if (_isLeader()) await PruneAsync(kvs, ct);

        // From now, not from the last revision seen: that one may be compacted away. A put between the read above and
        // the watch's start is imported by the next round's read (it imports every key not imported yet).
        using var timer = new CancellationTokenSource(Resync, _time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await foreach (var e in _store.WatchPrefixAsync(SharedHistoryKeys.Prefix, 0, bounded.Token))
                if (e.Kind == EtcdWatchEventKind.Put) await ImportAsync(e.Key, e.Value, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    // Events this node recorded that etcd does not have: from before etcd answered, or written by another process on
    // the node (the join's Node Added), which the Recorded event of this process never saw.
    private async Task SendMissingAsync(IReadOnlyList<EtcdKeyValue> shared, CancellationToken ct)
    {
        var known = shared.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var ev in await _history.ListAsync(ct))
            if (!known.Contains(SharedHistoryKeys.KeyOf(ev))) _outbox.Writer.TryWrite(ev);
    }

    private async Task ImportAsync(string key, string value, CancellationToken ct)
    {
        if (SharedHistoryKeys.TryParse(value) is { } ev) await _history.ImportAsync(ev, ct);
        _imported.Add(key);
    }

    private async Task PruneAsync(IReadOnlyList<EtcdKeyValue> kvs, CancellationToken ct)
    {
        var cutoff = _time.GetUtcNow() - HistoryStore.DefaultRetention;
        foreach (var kv in kvs.Where(kv => SharedHistoryKeys.TimeOf(kv.Key) is { } t && t < cutoff))
            await _store.DeleteAsync(kv.Key, ct);
    }

    private static async Task<bool> TryAsync(Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not ObjectDisposedException) // etcd's or the history file's: retried
        {
            return false;
        }
    }
}
