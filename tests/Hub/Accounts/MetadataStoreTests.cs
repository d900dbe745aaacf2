using Gravity.Hub.Storage;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>The same behaviour from SQLite and from a real PostgreSQL server.</summary>
public class MetadataStoreTests
{
    [Fact]
    public async Task Sqlite_store_keeps_users_keys_repositories_and_apps()
    {
        using var dir = new TempDir();
        var store = await MetadataStores.OpenAsync(dir.Path, null);
        await store.InitializeAsync(); // idempotent
        await ExerciseAsync(store);
        File.GetUnixFileMode(dir.Combine(SqliteMetadataStore.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Postgres_store_keeps_users_keys_repositories_and_apps()
    {
        await using var pg = await PostgresProcess.StartAsync();
        // Two stores (two Hub processes) creating the schema at once.
        var stores = await Task.WhenAll(MetadataStores.OpenAsync("/nonexistent", pg.Url), MetadataStores.OpenAsync("/nonexistent", pg.Url));
        await ExerciseAsync(stores[0]);
        (await stores[1].GetUserAsync("alice"))!.Roles.Should().Equal("publisher", "@reader");
        foreach (var s in stores) await ((IAsyncDisposable)s).DisposeAsync();
    }

    [Fact]
    public void Postgres_url_becomes_a_connection_string_and_is_redacted_in_messages()
    {
        var cs = PostgresMetadataStore.ToConnectionString("postgres://u%40x:p%3Aw@127.0.0.1:6543/db?sslmode=disable");
        cs.Should().Contain("Host=127.0.0.1").And.Contain("Port=6543").And.Contain("Database=db").And.Contain("Username=u@x").And.Contain("Password=p:w");
        PostgresMetadataStore.Redact("postgres://u:secret@h/db").Should().Be("postgres://u:***@h/db");
        var act = () => PostgresMetadataStore.ToConnectionString("postgres://u:secret@h/");
        act.Should().Throw<FormatException>().Which.Message.Should().NotContain("secret");
    }

    private static async Task ExerciseAsync(IMetadataStore store)
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        (await store.AddUserAsync(new UserRecord("alice", "hash", ["publisher", "@reader"], t0))).Should().BeTrue();
        (await store.AddUserAsync(new UserRecord("alice", "other", ["@reader"], t0))).Should().BeFalse("names are unique");
        (await store.AddUserAsync(new UserRecord("bob", null, ["@teleadmin"], t0))).Should().BeTrue();
        var alice = await store.GetUserAsync("alice");
        alice.Should().BeEquivalentTo(new UserRecord("alice", "hash", ["publisher", "@reader"], t0));
        (await store.ListUsersAsync()).Select(u => u.Name).Should().Equal("alice", "bob");
        (await store.SetPasswordAsync("bob", "newhash")).Should().BeTrue();
        (await store.GetUserAsync("bob"))!.PasswordHash.Should().Be("newhash");

        await store.AddApiKeyAsync(new ApiKeyRecord("k1", "alice", "h1", t0, null));
        await store.AddApiKeyAsync(new ApiKeyRecord("k2", "bob", "h2", t0.AddSeconds(1), null));
        (await store.FindApiKeyByHashAsync("h1"))!.Id.Should().Be("k1");
        (await store.RevokeApiKeyAsync("k1", t0.AddHours(1))).Should().BeTrue();
        (await store.RevokeApiKeyAsync("k1", t0.AddHours(2))).Should().BeFalse("already revoked");
        (await store.GetApiKeyAsync("k1"))!.Revoked.Should().Be(t0.AddHours(1));
        (await store.DeleteUserAsync("bob")).Should().BeTrue();
        (await store.GetApiKeyAsync("k2"))!.Active.Should().BeFalse("removing a user revokes their keys");
        (await store.DeleteUserAsync("bob")).Should().BeFalse();

        await store.SetRepositoryPublicAsync("apps/shop", true);
        await store.SetRepositoryPublicAsync("apps/shop", true);
        (await store.IsRepositoryPublicAsync("apps/shop")).Should().BeTrue();
        (await store.IsRepositoryPublicAsync("apps/other")).Should().BeFalse();
        (await store.ListPublicRepositoriesAsync()).Should().Equal("apps/shop");
        await store.SetRepositoryPublicAsync("apps/shop", false);
        (await store.IsRepositoryPublicAsync("apps/shop")).Should().BeFalse();

        await store.UpsertAppAsync(new AppRecord("shop", "1.0.0", "alice", t0, "sha256:aa", 10));
        await store.UpsertAppAsync(new AppRecord("shop", "1.0.0", "carol", t0, "sha256:bb", 20));
        (await store.GetAppAsync("shop", "1.0.0")).Should().Be(new AppRecord("shop", "1.0.0", "carol", t0, "sha256:bb", 20));
        (await store.ListAppsAsync()).Should().HaveCount(1);
        (await store.DeleteAppAsync("shop", "1.0.0")).Should().BeTrue();
        (await store.ListAppsAsync()).Should().BeEmpty();

        await store.RevokeTokenAsync("t1", t0.AddHours(1), t0);
        await store.RevokeTokenAsync("t1", t0.AddHours(1), t0); // twice is fine
        (await store.IsAnyTokenRevokedAsync(["t0", "t1"])).Should().BeTrue();
        (await store.IsAnyTokenRevokedAsync(["t0"])).Should().BeFalse();
        await store.RevokeTokenAsync("t2", t0.AddHours(3), t0.AddHours(2));
        (await store.IsAnyTokenRevokedAsync(["t1"])).Should().BeFalse("forgotten once expired: the token is refused as expired anyway");
        (await store.IsAnyTokenRevokedAsync(["t2"])).Should().BeTrue();

        (await store.RecordLoginFailureAsync("user:alice", t0, t0.AddMinutes(-15))).Failures.Should().Be(1);
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => store.RecordLoginFailureAsync("user:alice", t0.AddSeconds(i), t0.AddMinutes(-15))));
        var counted = (await store.GetLoginFailuresAsync(["user:alice", "address:10.0.0.1"])).Single();
        counted.Failures.Should().Be(9, "concurrent failures are all counted");
        counted.LastFailure.Should().BeOnOrAfter(t0.AddSeconds(1));
        (await store.RecordLoginFailureAsync("address:10.0.0.1", t0.AddMinutes(10), t0.AddMinutes(-5))).Failures.Should().Be(1);
        (await store.ListLoginFailuresAsync()).Select(f => f.Subject).Should().Equal("address:10.0.0.1", "user:alice");
        (await store.RecordLoginFailureAsync("user:alice", t0.AddMinutes(20), t0.AddMinutes(5))).Failures.Should().Be(1, "an old count starts over");
        (await store.ListLoginFailuresAsync()).Select(f => f.Subject).Should().Equal("address:10.0.0.1", "user:alice");
        (await store.RecordLoginFailureAsync("user:bob", t0.AddMinutes(30), t0.AddMinutes(15))).Failures.Should().Be(1);
        (await store.ListLoginFailuresAsync()).Select(f => f.Subject).Should().Equal("user:alice", "user:bob").And.NotContain("address:10.0.0.1", "stale counts are forgotten");
        (await store.ClearLoginFailuresAsync("user:alice")).Should().BeTrue();
        (await store.ClearLoginFailuresAsync("user:alice")).Should().BeFalse();
    }
}
