using Gravity.Hub.Accounts;
using Gravity.Hub.Storage;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>
/// Response times must not tell which user names exist or how they log in: whatever the name, exactly one (slow)
/// password verification runs. Counted rather than timed, so that a busy machine cannot make the test flaky.
/// </summary>
public class PasswordTimingTests
{
    [Fact]
    public async Task Unknown_users_key_only_users_and_password_users_each_cost_exactly_one_verification()
    {
        using var dir = new TempDir();
        var store = await MetadataStores.OpenAsync(dir.Path, null);
        var hasher = new CountingHasher(new PasswordHasher(1000));
        var accounts = new AccountService(store, new TokenSigner(SigningKeyFile.LoadOrCreate(dir.Path)), new AccountOptions(), hasher);
        await accounts.AddUserAsync("with-password", [Roles.Reader], "a-long-password");
        await accounts.AddUserAsync("keys-only", [Roles.Reader], null);
        await accounts.CreateApiKeyAsync("keys-only");

        foreach (var user in new[] { "nobody", "keys-only", "with-password" })
        {
            hasher.Verifications = 0;
            var check = await accounts.AuthenticateAsync(user, "a-guessed-password", "10.1.2.3");
            check.Principal.Should().BeNull();
            hasher.Verifications.Should().Be(1, $"user '{user}' must cost one verification like any other");
        }

        hasher.Verifications = 0;
        (await accounts.AuthenticateAsync("with-password", "a-long-password", "10.1.2.3")).Principal!.User.Should().Be("with-password");
        hasher.Verifications.Should().Be(1);
    }

    private sealed class CountingHasher(IPasswordHasher inner) : IPasswordHasher
    {
        public int Verifications { get; set; }
        public string Hash(string password) => inner.Hash(password);

        public bool Verify(string password, string? stored)
        {
            Verifications++;
            return inner.Verify(password, stored);
        }
    }
}
