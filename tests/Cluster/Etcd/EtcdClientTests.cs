using Gravity.Cluster.Etcd;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Tests.Etcd;

public sealed class EtcdClientTests : IAsyncLifetime
{
    private EtcdProcess _etcd = null!;
    private EtcdClient _client = null!;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdProcess.StartAsync();
        _client = new EtcdClient(new EtcdClientOptions(_etcd.Endpoint));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task Put_get_prefix_and_delete_against_real_etcd()
    {
        await _client.PutAsync("/a/1", "one");
        await _client.PutAsync("/a/2", "twö");
        await _client.PutAsync("/b", "other");

        (await _client.GetAsync("/a/1")).Should().Be("one");
        (await _client.GetAsync("/missing")).Should().BeNull();
        (await _client.GetPrefixAsync("/a/")).Select(kv => (kv.Key, kv.Value)).Should().Equal(("/a/1", "one"), ("/a/2", "twö"));

        (await _client.DeletePrefixAsync("/a/")).Should().Be(2);
        (await _client.GetPrefixAsync("/a/")).Should().BeEmpty();
        (await _client.GetAsync("/b")).Should().Be("other");
    }

    [Fact]
    public async Task Cluster_state_round_trips_through_etcd()
    {
        using var grpc = new EtcdGrpcClient(_etcd.ClientOptions);
        var store = new ClusterStateStore(grpc);
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await store.PutClusterAsync(new ClusterInfo("prod", created, new ClusterApplication("app", "1.0.0"), "tok", ClusterStatuses.Active));
        await store.PutNodeAsync(new ClusterNode("node-1", "10.0.0.1", "master", created, "healthy"));

        (await store.GetClusterAsync()).Should().Be(new ClusterInfo("prod", created, new ClusterApplication("app", "1.0.0"), "tok", ClusterStatuses.Active));
        (await store.ListNodesAsync()).Should().ContainSingle().Which.AdvertiseAddr.Should().Be("10.0.0.1");
    }

    [Fact]
    public async Task Unreachable_etcd_gives_a_clear_error()
    {
        using var client = new EtcdClient(new EtcdClientOptions(new Uri($"http://127.0.0.1:{Gravity.Testing.FreePort.Next()}")) { Timeout = TimeSpan.FromSeconds(2) });

        var act = () => client.GetAsync("/x");

        (await act.Should().ThrowAsync<EtcdException>()).Which.Message.Should().Contain("not reachable");
        (await client.IsHealthyAsync()).Should().BeFalse();
    }
}
