using Gravity.Core;
using Gravity.Oci.Registry;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Registry;

public sealed class CredentialsAndChallengeTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Bearer_challenge_parameters_are_parsed_with_quotes_and_commas()
    {
        var c = AuthChallenge.Parse("Bearer", "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\"");
        c.IsBearer.Should().BeTrue();
        c.Realm.Should().Be("https://auth.example.com/token");
        c.Service.Should().Be("registry.example.com");
        c.Scope.Should().Be("repository:a/b:pull,push");

        var basic = AuthChallenge.Parse("Basic", "realm=plain, charset=\"UTF-8\"");
        basic.IsBasic.Should().BeTrue();
        basic.Realm.Should().Be("plain");
        basic.Parameters["charset"].Should().Be("UTF-8");
    }

    [Fact]
    public void Docker_config_auth_entries_are_matched_by_host()
    {
        var path = _dir.Combine("config.json");
        var auth = Convert.ToBase64String("hub-user:hub:pass"u8.ToArray());
        File.WriteAllText(path, $$$"""
            {"auths":{
              "https://index.docker.io/v1/":{"auth":"{{{auth}}}"},
              "registry.example.com:5000":{"username":"u","password":"p"},
              "empty.example.com":{}
            }}
            """);
        var provider = new DockerConfigCredentialProvider(path);
        provider.GetCredentials("docker.io").Should().Be(new RegistryCredentials("hub-user", "hub:pass"));
        provider.GetCredentials("registry-1.docker.io")!.Username.Should().Be("hub-user");
        provider.GetCredentials("registry.example.com:5000").Should().Be(new RegistryCredentials("u", "p"));
        provider.GetCredentials("registry.example.com").Should().BeNull();
        provider.GetCredentials("empty.example.com").Should().BeNull();
        new RegistryCredentials("u", "secret").ToString().Should().NotContain("secret");
    }

    [Fact]
    public void A_missing_config_gives_no_credentials_and_a_broken_one_names_the_file()
    {
        new DockerConfigCredentialProvider(_dir.Combine("absent.json")).GetCredentials("docker.io").Should().BeNull();
        var broken = _dir.Combine("broken.json");
        File.WriteAllText(broken, "{\"auths\":{\"x\":{\"auth\":\"bm9jb2xvbg==\"}}}");
        var act = () => new DockerConfigCredentialProvider(broken);
        act.Should().Throw<GravityException>().WithMessage($"{broken}*");
    }

    [Fact]
    public void Static_credentials_can_be_limited_to_one_registry()
    {
        new StaticCredentialProvider("a", "b", "reg.example.com:443").GetCredentials("other.example.com").Should().BeNull();
        new StaticCredentialProvider("a", "b", "reg.example.com:443").GetCredentials("reg.example.com:443").Should().NotBeNull();
        new ChainedCredentialProvider(new StaticCredentialProvider("x", "y", "one"), new StaticCredentialProvider("a", "b"))
            .GetCredentials("two")!.Username.Should().Be("a");
    }

    public void Dispose() => _dir.Dispose();
}
