using Gravity.Hub.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

public class PasswordAndTokenTests
{
    [Fact]
    public void Password_hash_is_salted_and_verifies_only_the_right_password()
    {
        var hasher = new PasswordHasher(1000);
        var a = hasher.Hash("s3cret-password");
        var b = hasher.Hash("s3cret-password");
        a.Should().NotBe(b, "each hash has its own salt");
        a.Should().StartWith("pbkdf2-sha256$1000$");
        hasher.Verify("s3cret-password", a).Should().BeTrue();
        hasher.Verify("s3cret-passwore", a).Should().BeFalse();
        hasher.Verify("s3cret-password", "pbkdf2-sha256$x$y$z").Should().BeFalse();
        hasher.Verify("s3cret-password", null).Should().BeFalse();
    }

    [Fact]
    public void Production_cost_is_at_least_210000_iterations()
        => new PasswordHasher().Iterations.Should().BeGreaterOrEqualTo(210_000);

    [Fact]
    public void Token_round_trips_and_rejects_tampering_other_keys_and_expiry()
    {
        var time = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var key = new byte[32];
        key[0] = 1;
        var signer = new TokenSigner(key, time);
        var (token, _) = signer.Issue("alice", TokenClaims.RegistryKind, [new AccessScope("repository", "apps/shop", ["pull"])], TimeSpan.FromMinutes(5));

        var claims = signer.Validate(token);
        claims!.Subject.Should().Be("alice");
        claims.Scopes.Single().Grants("apps/shop", HubAction.Pull).Should().BeTrue();
        claims.Scopes.Single().Grants("apps/shop", HubAction.Push).Should().BeFalse();

        var other = new TokenSigner(new byte[32], time);
        other.Validate(token).Should().BeNull("signed with another key");
        var tampered = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];
        signer.Validate(tampered).Should().BeNull();

        time.Now = time.Now.AddMinutes(6);
        signer.Validate(token).Should().BeNull("expired");
    }

    [Fact]
    public void Signing_key_file_is_private_and_stable()
    {
        using var dir = new TempDir();
        var first = SigningKeyFile.LoadOrCreate(dir.Path);
        var second = SigningKeyFile.LoadOrCreate(dir.Path);
        second.Should().Equal(first);
        File.GetUnixFileMode(dir.Combine(SigningKeyFile.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Theory]
    [InlineData("repository:apps/shop:pull,push", "repository", "apps/shop", "pull,push")]
    [InlineData("repository:localhost:5000/x:pull", "repository", "localhost:5000/x", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    public void Scopes_parse(string text, string type, string name, string actions)
    {
        AccessScope.TryParse(text, out var scope).Should().BeTrue();
        scope!.Type.Should().Be(type);
        scope.Name.Should().Be(name);
        string.Join(",", scope.Actions).Should().Be(actions);
    }

    [Theory]
    [InlineData("repository")]
    [InlineData("repository:x")]
    [InlineData("repository:x:")]
    [InlineData(":x:pull")]
    public void Malformed_scopes_are_rejected(string text) => AccessScope.TryParse(text, out _).Should().BeFalse();
}

public class RolesTests
{
    [Theory]
    [InlineData("@teleadmin", "@teleadmin")]
    [InlineData("teleadmin", "@teleadmin")]
    [InlineData("publisher,reader", "publisher,@reader")]
    [InlineData("@reader, publisher", "@reader,publisher")]
    public void Roles_parse(string text, string expected) => Roles.Format(Roles.Parse(text)).Should().Be(expected);

    [Fact]
    public void Unknown_role_is_named() => ((Action)(() => Roles.Parse("publisher,boss"))).Should().Throw<FormatException>().WithMessage("*'boss'*");

    [Theory]
    [InlineData("@teleadmin", HubAction.Admin, true)]
    [InlineData("publisher", HubAction.Push, true)]
    [InlineData("publisher", HubAction.Delete, true)]
    [InlineData("publisher", HubAction.Admin, false)]
    [InlineData("@reader", HubAction.Pull, true)]
    [InlineData("@reader", HubAction.List, true)]
    [InlineData("@reader", HubAction.Push, false)]
    [InlineData("@reader", HubAction.Delete, false)]
    public void Role_permissions(string role, HubAction action, bool allowed) => Permissions.Allows([role], action).Should().Be(allowed);
}
