namespace Gravity.Cluster.Etcd;

/// <summary>
/// The cluster's store (etcd v3): keys and values, compare-and-swap, leases, watches and membership. Keys and values
/// are UTF-8 text. Domain code depends on this, never on the etcd client library's types.
/// </summary>
public interface IClusterStore : IDisposable
{
    /// <returns>The store's revision after the put.</returns>
    Task<long> PutAsync(string key, string value, CancellationToken ct = default);

    /// <summary>A put that lives as long as <paramref name="lease"/>: revoking or letting the lease expire deletes the key.</summary>
    Task<long> PutAsync(string key, string value, EtcdLease lease, CancellationToken ct = default);

    Task<EtcdKeyValue?> GetAsync(string key, CancellationToken ct = default);

    /// <summary>Every key starting with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken ct = default);

    /// <returns>How many keys were deleted (0 or 1).</returns>
    Task<long> DeleteAsync(string key, CancellationToken ct = default);

    Task<long> DeletePrefixAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Puts <paramref name="value"/> only if the key was last modified at <paramref name="expectedModRevision"/>
    /// (<see cref="EtcdSwap.Absent"/>: only if the key does not exist), atomically. Optionally under a lease.
    /// </summary>
    Task<EtcdSwap> CompareAndSwapAsync(string key, long expectedModRevision, string value, EtcdLease? lease = null, CancellationToken ct = default);

    Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Renews the lease every third of its TTL until <paramref name="ct"/> is cancelled; throws <see cref="EtcdException"/> once it has expired or was revoked.</summary>
    Task KeepLeaseAliveAsync(EtcdLease lease, CancellationToken ct);

    /// <summary>Ends the lease now, deleting every key put with it.</summary>
    Task RevokeLeaseAsync(EtcdLease lease, CancellationToken ct = default);

    /// <summary>
    /// Every put and delete under <paramref name="prefix"/> in revision order, from <paramref name="fromRevision"/>
    /// (0: from now), until <paramref name="ct"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<EtcdWatchEvent> WatchPrefixAsync(string prefix, long fromRevision = 0, CancellationToken ct = default);

    Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken ct = default);

    /// <summary>Adds a member that will join at <paramref name="peerUrls"/>; a learner does not count for quorum until promoted.</summary>
    Task<EtcdMember> AddMemberAsync(IReadOnlyList<Uri> peerUrls, bool asLearner = false, CancellationToken ct = default);

    Task RemoveMemberAsync(ulong memberId, CancellationToken ct = default);

    /// <summary>Makes a learner a voting member; etcd refuses while the learner has not caught up with the leader (retry).</summary>
    Task PromoteMemberAsync(ulong memberId, CancellationToken ct = default);
}
