using Gravity.Cluster.Etcd;

namespace Gravity.Cluster.Tests.Etcd;

/// <summary>The gRPC store against a real etcd serving clients as a node's does: TLS with client certificates only.</summary>
public sealed class EtcdGrpcClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private EtcdProcess _etcd = null!;
    private EtcdGrpcClient _store = null!;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdProcess.StartAsync(tls: true);
        _store = new EtcdGrpcClient(_etcd.ClientOptions);
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task Put_get_prefix_and_delete_over_tls()
    {
        await _store.PutAsync("/a/1", "one");
        await _store.PutAsync("/a/2", "twö");
        await _store.PutAsync("/b", "other");

        (await _store.GetAsync("/a/1"))!.Value.Should().Be("one");
        (await _store.GetAsync("/missing")).Should().BeNull();
        (await _store.GetPrefixAsync("/a/")).Select(kv => (kv.Key, kv.Value)).Should().Equal(("/a/1", "one"), ("/a/2", "twö"));
        (await _store.DeleteAsync("/b")).Should().Be(1);
        (await _store.DeletePrefixAsync("/a/")).Should().Be(2);
        (await _store.GetPrefixAsync("/")).Should().BeEmpty();
    }

    [Fact]
    public async Task Compare_and_swap_succeeds_once_and_fails_for_a_stale_revision()
    {
        var created = await _store.CompareAndSwapAsync("/journal/head", EtcdSwap.Absent, "1");
        created.Swapped.Should().BeTrue();
        var again = await _store.CompareAndSwapAsync("/journal/head", EtcdSwap.Absent, "other");
        again.Swapped.Should().BeFalse("the key exists now");
        again.Current!.Value.Should().Be("1");

        var first = await _store.CompareAndSwapAsync("/journal/head", again.Current.ModRevision, "2");
        first.Swapped.Should().BeTrue();
        var stale = await _store.CompareAndSwapAsync("/journal/head", again.Current.ModRevision, "2 from a writer that read too early");
        stale.Swapped.Should().BeFalse();
        stale.Current!.Value.Should().Be("2");
        stale.Current.ModRevision.Should().Be(first.Revision);
        (await _store.GetAsync("/journal/head"))!.Value.Should().Be("2");
    }

    [Fact]
    public async Task A_key_put_with_a_lease_disappears_when_the_lease_is_revoked()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromMinutes(5));
        await _store.PutAsync("/leader", "node-1", lease);
        await _store.PutAsync("/stays", "x");
        (await _store.GetAsync("/leader")).Should().NotBeNull();

        await _store.RevokeLeaseAsync(lease);

        (await _store.GetAsync("/leader")).Should().BeNull();
        (await _store.GetAsync("/stays")).Should().NotBeNull();
        var keepAlive = () => _store.KeepLeaseAliveAsync(lease, CancellationToken.None);
        (await keepAlive.Should().ThrowAsync<EtcdException>()).Which.Message.Should().Contain("expired or was revoked");
    }

    [Fact]
    public async Task A_key_put_with_a_short_lease_disappears_when_it_expires_and_not_while_it_is_kept_alive()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(2));
        var revision = await _store.CompareAndSwapAsync("/leader", EtcdSwap.Absent, "node-1", lease);
        revision.Swapped.Should().BeTrue();
        using var bound = new CancellationTokenSource(Bound);
        var deleted = FirstDeleteAsync("/leader", revision.Revision + 1, bound.Token);

        using (var keeping = new CancellationTokenSource())
        {
            var keepAlive = _store.KeepLeaseAliveAsync(lease, keeping.Token);
            // Three TTLs with the lease renewed: the key must outlive them.
            await Task.Delay(lease.Ttl * 3);
            deleted.IsCompleted.Should().BeFalse("the lease was kept alive");
            (await _store.GetAsync("/leader"))!.Value.Should().Be("node-1");
            await keeping.CancelAsync();
            await FluentActions.Awaiting(() => keepAlive).Should().ThrowAsync<OperationCanceledException>();
        }

        var gone = await deleted;
        gone.Key.Should().Be("/leader");
        (await _store.GetAsync("/leader")).Should().BeNull();
    }

    [Fact]
    public async Task A_watch_sees_the_puts_and_deletes_of_a_prefix_in_order()
    {
        var start = await _store.PutAsync("/unrelated", "x") + 1;
        using var bound = new CancellationTokenSource(Bound);
        var seen = CollectAsync(_store.WatchPrefixAsync("/nodes/", start, bound.Token), 4);

        await _store.PutAsync("/nodes/a", "1");
        await _store.PutAsync("/nodes/b", "2");
        await _store.PutAsync("/nodesX", "not under the prefix");
        await _store.DeleteAsync("/nodes/a");
        await _store.PutAsync("/nodes/c", "3");

        var events = await seen;
        events.Select(e => (e.Kind, e.Key, e.Value)).Should().Equal(
            (EtcdWatchEventKind.Put, "/nodes/a", "1"),
            (EtcdWatchEventKind.Put, "/nodes/b", "2"),
            (EtcdWatchEventKind.Delete, "/nodes/a", ""),
            (EtcdWatchEventKind.Put, "/nodes/c", "3"));
        events.Select(e => e.ModRevision).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it()
    {
        using var cancel = new CancellationTokenSource();
        var watching = CollectAsync(_store.WatchPrefixAsync("/nodes/", 0, cancel.Token), 1);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => watching).Should().ThrowAsync<OperationCanceledException>().WaitAsync(Bound);
    }

    [Fact]
    public async Task Member_list_shows_the_single_member_and_a_learner_can_be_added_and_removed()
    {
        var members = await _store.ListMembersAsync();
        members.Should().ContainSingle().Which.Should().Match<EtcdMember>(m => m.Name == "test" && !m.IsLearner);
        members[0].ClientUrls.Should().Contain(_etcd.Endpoint.GetLeftPart(UriPartial.Authority));

        // A learner does not count for quorum, so adding one that never starts leaves the single node writable.
        var learner = await _store.AddMemberAsync([new Uri($"https://127.0.0.1:{Gravity.Testing.FreePort.Next()}")], asLearner: true);
        (await _store.ListMembersAsync()).Select(m => m.Id).Should().BeEquivalentTo([members[0].Id, learner.Id]);
        await _store.PutAsync("/still-writable", "yes");

        await _store.RemoveMemberAsync(learner.Id);
        (await _store.ListMembersAsync()).Should().ContainSingle().Which.Id.Should().Be(members[0].Id);
    }

    [Fact]
    public async Task A_client_without_a_client_certificate_is_refused()
    {
        using var anonymous = new EtcdGrpcClient(_etcd.ClientOptions with { ClientCertificatePath = null, ClientKeyPath = null, Timeout = TimeSpan.FromSeconds(5) });
        await _store.PutAsync("/secret", "join-token");

        var read = () => anonymous.GetAsync("/secret");
        var write = () => anonymous.PutAsync("/secret", "forged");

        await read.Should().ThrowAsync<EtcdException>();
        await write.Should().ThrowAsync<EtcdException>();
        (await _store.GetAsync("/secret"))!.Value.Should().Be("join-token");
    }

    [Fact]
    public async Task Unreachable_etcd_gives_a_clear_error()
    {
        using var client = new EtcdGrpcClient(_etcd.ClientOptions with { Endpoint = new Uri($"https://127.0.0.1:{Gravity.Testing.FreePort.Next()}"), Timeout = TimeSpan.FromSeconds(2) });

        var act = () => client.GetAsync("/x");

        (await act.Should().ThrowAsync<EtcdException>()).Which.Message.Should().Contain("not reachable");
    }

    private async Task<EtcdWatchEvent> FirstDeleteAsync(string key, long fromRevision, CancellationToken ct)
    {
        await foreach (var e in _store.WatchPrefixAsync(key, fromRevision, ct))
            if (e.Kind == EtcdWatchEventKind.Delete && e.Key == key) return e;
        throw new InvalidOperationException("the watch ended");
    }

    private static async Task<List<EtcdWatchEvent>> CollectAsync(IAsyncEnumerable<EtcdWatchEvent> events, int count)
    {
        var list = new List<EtcdWatchEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
            if (list.Count == count) break;
        }
        return list;
    }
}
