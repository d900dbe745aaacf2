using Gravity.Cluster.Etcd;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>
/// The leader election of the masters. A candidate puts <see cref="LeaderRecord.Key"/> only when it is absent, under a
/// lease it keeps alive; the others watch the key and try again once it is deleted, which happens when the leader
/// steps down (it revokes its lease) or dies (the lease expires after its TTL). Every participant, candidate or not,
/// hands each new leader to <c>onLeader</c> once. Errors of the store (etcd still starting, unreachable) are retried
/// and never end the loop; only cancellation does, and then a leader revokes its lease so another takes over at once.
/// </summary>
public sealed class LeaderElection
{
    private readonly IClusterStore _store;
    private readonly string _nodeName;
    private readonly string _advertiseAddr;
    private readonly Func<CancellationToken, Task<bool>> _isCandidate;
    private readonly Func<LeaderRecord, CancellationToken, Task> _onLeader;
    private readonly LeaderElectionOptions _options;
    private LeaderRecord? _seen;
    private volatile bool _leading;

    public LeaderElection(IClusterStore store, string nodeName, string advertiseAddr, Func<CancellationToken, Task<bool>> isCandidate,
        Func<LeaderRecord, CancellationToken, Task> onLeader, LeaderElectionOptions? options = null)
    {
        _store = store;
        _nodeName = nodeName;
        _advertiseAddr = advertiseAddr;
        _isCandidate = isCandidate;
        _onLeader = onLeader;
        _options = options ?? new LeaderElectionOptions();
    }

    /// <summary>The leader this participant last saw (null before the first).</summary>
    public LeaderRecord? Leader => Volatile.Read(ref _seen);

    /// <summary>Whether this participant holds the key now.</summary>
    public bool IsLeader => _leading;

    /// <summary>Why the last round failed (the store's error), or null after a good one.</summary>
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(ct);
                LastError = null;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return; // whatever a call cancelled on the way out threw (the gRPC client's own cancellation error too)
            }
            catch (ObjectDisposedException)
            {
                return; // the store was closed under us: this participant is gone, as if its process had died
            }
            catch (Exception ex) // the store's errors, and the announcer's (a history that cannot be written): retried, never the loop's end
            {
                LastError = ex.Message;
                try { await Task.Delay(_options.RetryDelay, _options.Time, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var kv = await _store.GetAsync(LeaderRecord.Key, ct);
        if (kv is null && await _isCandidate(ct))
        {
            var lease = await _store.GrantLeaseAsync(_options.LeaseTtl, ct);
            var record = new LeaderRecord(_nodeName, _advertiseAddr, ToMilliseconds(_options.Time.GetUtcNow()));
            EtcdSwap swap;
            try
            {
                swap = await _store.CompareAndSwapAsync(LeaderRecord.Key, EtcdSwap.Absent, record.ToJson(), lease, ct);
            }
            catch
            {
                await RevokeAsync(lease);
                throw;
            }
            if (swap.Swapped)
            {
                await LeadAsync(record, lease, swap.Revision, ct);
                return;
            }
            await RevokeAsync(lease);
            kv = swap.Current;
            if (kv is null) return; // deleted again in between: campaign at once
        }
        if (kv is not null && LeaderRecord.TryParse(kv.Value) is { } leader) await SeeAsync(leader, ct);
        await WaitForChangeAsync(kv is null ? 0 : kv.ModRevision + 1, ct);
    }

    private async Task LeadAsync(LeaderRecord record, EtcdLease lease, long revision, CancellationToken ct)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await SeeAsync(record, ct);
            _leading = true; // after Leader names this node, so whoever sees IsLeader reads the new record
            // Leading ends when the lease cannot be renewed or the key changes under us (deleted by hand, say).
            var keepAlive = _store.KeepLeaseAliveAsync(lease, leading.Token);
            var changed = WaitForChangeAsync(revision + 1, leading.Token, resync: false);
            var ended = await Task.WhenAny(keepAlive, changed);
            await leading.CancelAsync();
            await Task.WhenAll(keepAlive, changed).ContinueWith(_ => { }, TaskScheduler.Default);
            await ended; // rethrows the keep-alive's error
        }
        finally
        {
            _leading = false;
            await RevokeAsync(lease);
        }
    }

    private async Task SeeAsync(LeaderRecord leader, CancellationToken ct)
    {
        if (Leader == leader) return;
        await _onLeader(leader, ct);
        Volatile.Write(ref _seen, leader);
    }

    /// <summary>
    /// Returns at the first put or delete of the key from <paramref name="fromRevision"/> on. From "now" (0) a change
    /// between the read and the watch could be missed, so that wait also ends after <see cref="LeaderElectionOptions.Resync"/>.
    /// </summary>
    private async Task WaitForChangeAsync(long fromRevision, CancellationToken ct, bool resync = true)
    {
        using var timer = resync ? new CancellationTokenSource(_options.Resync, _options.Time) : new CancellationTokenSource();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await foreach (var e in _store.WatchPrefixAsync(LeaderRecord.Key, fromRevision, bounded.Token))
                if (e.Key == LeaderRecord.Key) return;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    // A bounded revoke that never throws: without it the key would only go after the TTL.
    private async Task RevokeAsync(EtcdLease lease)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _store.RevokeLeaseAsync(lease, timeout.Token); }
        catch (Exception ex) when (ex is EtcdException or OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException) { }
    }

    private static DateTimeOffset ToMilliseconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
