namespace Gravity.Oci.Tests.References;

public sealed class ImageReferenceTests
{
    private const string Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest")]
    [InlineData("nginx:1.25", "docker.io", "library/nginx", "1.25", null, "docker.io/library/nginx:1.25")]
    [InlineData("library/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest")]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest")]
    [InlineData("index.docker.io/nginx:1", "docker.io", "library/nginx", "1", null, "docker.io/library/nginx:1")]
    [InlineData("user/app", "docker.io", "user/app", "latest", null, "docker.io/user/app:latest")]
    [InlineData("quay.io/coreos/etcd:v3.4.13", "quay.io", "coreos/etcd", "v3.4.13", null, "quay.io/coreos/etcd:v3.4.13")]
    [InlineData("localhost/app", "localhost", "app", "latest", null, "localhost/app:latest")]
    [InlineData("localhost:5000/app:1", "localhost:5000", "app", "1", null, "localhost:5000/app:1")]
    [InlineData("127.0.0.1:5000/a/b/c:tag", "127.0.0.1:5000", "a/b/c", "tag", null, "127.0.0.1:5000/a/b/c:tag")]
    [InlineData("Example.com/foo", "Example.com", "foo", "latest", null, "Example.com/foo:latest")]
    [InlineData("User/app", "User", "app", "latest", null, "User/app:latest")]
    [InlineData("foo:5000", "docker.io", "library/foo", "5000", null, "docker.io/library/foo:5000")]
    [InlineData("leader.telekube.local:5000/gravitational/debian-tall:0.0.1", "leader.telekube.local:5000", "gravitational/debian-tall", "0.0.1", null,
        "leader.telekube.local:5000/gravitational/debian-tall:0.0.1")]
    [InlineData("a_b/c__d/e-f---g.h:T_a.g-1", "docker.io", "a_b/c__d/e-f---g.h", "T_a.g-1", null, "docker.io/a_b/c__d/e-f---g.h:T_a.g-1")]
    [InlineData("my-registry.example.com:8443/team/app@sha256:" + Hex, "my-registry.example.com:8443", "team/app", null, "sha256:" + Hex,
        "my-registry.example.com:8443/team/app@sha256:" + Hex)]
    [InlineData("app:1.0@sha256:" + Hex, "docker.io", "library/app", "1.0", "sha256:" + Hex, "docker.io/library/app:1.0@sha256:" + Hex)]
    public void Valid_references_are_normalised(string input, string registry, string repository, string? tag, string? digest, string normalised)
    {
        var r = ImageReference.Parse(input);
        r.Registry.Should().Be(registry);
        r.Repository.Should().Be(repository);
        r.Tag.Should().Be(tag);
        r.Digest?.ToString().Should().Be(digest);
        if (digest is null) r.Digest.Should().BeNull();
        r.ToString().Should().Be(normalised);
        ImageReference.Parse(r.ToString()).Should().Be(r, "a normalised reference parses to itself");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Nginx", "lowercase")]
    [InlineData("docker.io/Library/nginx", "lowercase")]
    [InlineData("quay.io/Foo/bar", "lowercase")]
    [InlineData("nginx:", "invalid reference format")]
    [InlineData(":tag", "invalid reference format")]
    [InlineData("nginx@sha256:abc", "invalid reference format")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef", "unsupported")]
    [InlineData("-nginx", "invalid reference format")]
    [InlineData("nginx-", "invalid reference format")]
    [InlineData("a//b", "invalid reference format")]
    [InlineData("a/b/", "invalid reference format")]
    [InlineData("foo_/bar", "invalid reference format")]
    [InlineData("a___b", "invalid reference format")]
    [InlineData("nginx:-tag", "invalid reference format")]
    [InlineData("nginx:tag with space", "invalid reference format")]
    [InlineData("localhost:port/app", "invalid reference format")]
    [InlineData("https://registry/app", "invalid reference format")]
    [InlineData("nginx\n", "invalid reference format")]
    [InlineData(Hex, "64-byte hexadecimal")]
    public void Invalid_references_are_rejected_with_a_reason(string input, string reason)
    {
        ImageReference.TryParse(input, out var r, out var error).Should().BeFalse();
        r.Should().BeNull();
        error.Should().Contain(reason);
        var parse = () => ImageReference.Parse(input);
        parse.Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void Tags_are_limited_to_128_characters()
    {
        ImageReference.TryParse("app:" + new string('a', 128), out _, out _).Should().BeTrue();
        ImageReference.TryParse("app:" + new string('a', 129), out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Names_are_limited_to_255_characters()
    {
        var ok = "example.com/" + new string('a', 255 - "example.com/".Length);
        ImageReference.TryParse(ok, out _, out _).Should().BeTrue();
        ImageReference.TryParse(ok + "a", out _, out var error).Should().BeFalse();
        error.Should().Contain("255");
    }

    [Fact]
    public void Derived_references_keep_the_rest()
    {
        var r = ImageReference.Parse("nginx:1.25");
        r.WithRegistry("leader.telekube.local:5000").ToString().Should().Be("leader.telekube.local:5000/library/nginx:1.25");
        r.WithTag("2").ToString().Should().Be("docker.io/library/nginx:2");
        var d = Digest.Parse("sha256:" + Hex);
        r.WithDigest(d).Reference.Should().Be(d.ToString());
        r.Reference.Should().Be("1.25");
        r.Name.Should().Be("docker.io/library/nginx");
        r.FamiliarString.Should().Be("nginx:1.25");
        ImageReference.Parse("quay.io/a/b:1").FamiliarString.Should().Be("quay.io/a/b:1");
        var bad = () => r.WithRegistry("bad registry");
        bad.Should().Throw<FormatException>();
    }
}
