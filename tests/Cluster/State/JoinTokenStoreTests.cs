using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Core;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.State;

/// <summary>The cluster's join tokens in a real etcd: the install's, added ones, expiry and revocation.</summary>
public sealed class JoinTokenStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(EtcdProcess Etcd, IDisposable Client, JoinTokenStore Store, ManualClock Clock)> StartAsync()
    {
        var etcd = await EtcdProcess.StartAsync();
        var client = etcd.Client();
        await new ClusterStateStore(client).PutClusterAsync(new ClusterInfo("prod", Start, new ClusterApplication("app", "1.0.0"), "install-token-0123456789", ClusterStatuses.Active));
        var clock = new ManualClock(Start);
        return (etcd, client, new JoinTokenStore(client, clock), clock);
    }

    [Fact]
    public async Task Added_tokens_are_valid_until_they_expire_and_the_install_token_stays_first()
    {
        var (etcd, client, store, clock) = await StartAsync();
        await using var _ = etcd;
        using var __ = client;

        var random = await store.CreateAsync(null, null, "for the second rack");
        random.Token.Should().MatchRegex("^[0-9a-f]{32}$");
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.CreateAsync("short-lived-token-abcdef", Start + TimeSpan.FromHours(1), null);

        (await store.IsValidAsync("install-token-0123456789")).Should().BeTrue();
        (await store.IsValidAsync(random.Token)).Should().BeTrue();
        (await store.IsValidAsync("short-lived-token-abcdef")).Should().BeTrue();
        (await store.IsValidAsync("install-token-012345678")).Should().BeFalse("a prefix of a token is not the token");
        (await store.IsValidAsync("")).Should().BeFalse();
        (await store.IsValidAsync(null)).Should().BeFalse();
        (await store.ListAsync()).Select(t => t.Origin).Should().Equal("install", "resource", "resource");

        clock.Advance(TimeSpan.FromHours(1));
        (await store.IsValidAsync("short-lived-token-abcdef")).Should().BeFalse("it expired");
        (await store.ListAsync()).Single(t => t.Token == "short-lived-token-abcdef").Active.Should().BeFalse("an expired token stays listed, so the operator sees why a join fails");
        (await store.PrimaryAsync()).Should().Be("install-token-0123456789");
    }

    [Fact]
    public async Task Revoking_the_install_token_clears_it_in_the_cluster_record_and_the_next_token_becomes_primary()
    {
        var (etcd, client, store, _) = await StartAsync();
        await using var _e = etcd;
        using var _c = client;
        var added = await store.CreateAsync("rotated-token-0123456789", null, null);

        (await store.RevokeAsync("install-token-0123456789")).Should().BeTrue();

        (await store.IsValidAsync("install-token-0123456789")).Should().BeFalse();
        (await new ClusterStateStore(etcd.Client()).GetClusterAsync())!.JoinToken.Should().BeEmpty();
        (await store.PrimaryAsync()).Should().Be(added.Token);
        (await store.RevokeAsync(added.Token)).Should().BeTrue();
        (await store.PrimaryAsync()).Should().BeNull();
        (await store.ActiveTokensAsync()).Should().BeEmpty();
        (await store.RevokeAsync(added.Token)).Should().BeFalse("it is gone already");
        (await new ClusterStateStore(etcd.Client()).GetClusterAsync())!.Status.Should().Be(ClusterStatuses.Active, "revoking changed nothing else of the record");
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("has spaces in the token value")]
    [InlineData("line\nbreak-0123456789abcdef")]
    [InlineData("trailing-newline-0123456789\n")]
    public async Task Weak_or_malformed_tokens_are_refused(string token)
    {
        var (etcd, client, store, _) = await StartAsync();
        await using var _e = etcd;
        using var _c = client;
        var create = () => store.CreateAsync(token, null, null);
        await create.Should().ThrowAsync<GravityException>().WithMessage("*16 to 256 characters*");
        (await store.ListAsync()).Should().HaveCount(1);
    }

    [Fact]
    public async Task Duplicates_past_expiries_and_more_than_the_limit_are_refused()
    {
        var (etcd, client, store, clock) = await StartAsync();
        await using var _e = etcd;
        using var _c = client;
        var duplicate = () => store.CreateAsync("install-token-0123456789", null, null);
        await duplicate.Should().ThrowAsync<GravityException>().WithMessage("*has this join token already*");
        var past = () => store.CreateAsync(null, clock.Now - TimeSpan.FromSeconds(1), null);
        await past.Should().ThrowAsync<GravityException>().WithMessage("*in the past*");
        for (var i = 1; i < JoinTokenStore.MaxActiveTokens; i++) await store.CreateAsync(null, null, null);
        var tooMany = () => store.CreateAsync(null, null, null);
        await tooMany.Should().ThrowAsync<GravityException>().WithMessage($"*{JoinTokenStore.MaxActiveTokens} active join tokens already*");
    }

    [Fact]
    public async Task Revoking_an_empty_token_after_the_install_token_was_revoked_revokes_nothing()
    {
        var (etcd, client, store, _) = await StartAsync();
        await using var _e = etcd;
        using var _c = client;
        (await store.RevokeAsync("install-token-0123456789")).Should().BeTrue();

        (await store.RevokeAsync("")).Should().BeFalse("the cluster has no empty join token: `gravity resource rm token ''` must not report a revocation");
    }
}
