using System.Net;
using System.Net.Sockets;
using System.Text;
using Gravity.Registry;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("library/nginx")]
    [InlineData("a.b_c__d--e/f-g/h0")]
    [InlineData("gravity/cluster-images/app")]
    public void Valid_names(string name) => RepositoryName.IsValid(name).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("Upper")]
    [InlineData("a___b")]
    [InlineData("-a")]
    [InlineData("a\\b")]
    [InlineData("a%2e%2e")]
    public void Invalid_names(string name) => RepositoryName.IsValid(name).Should().BeFalse();

    [Fact]
    public void Names_longer_than_255_are_invalid()
    {
        RepositoryName.IsValid(new string('a', 255)).Should().BeTrue();
        RepositoryName.IsValid(new string('a', 256)).Should().BeFalse();
    }

    [Fact]
    public void Storage_refuses_invalid_names_before_touching_the_disk()
    {
        using var dir = new Gravity.Testing.TempDir("names");
        var storage = new RegistryStorage(dir.Combine("data"));
        var act = () => storage.RepositoryExists("../../etc");
        act.Should().Throw<RegistryErrorException>().Which.Code.Should().Be("NAME_INVALID");
    }

    [Theory]
    [InlineData("/v2/Upper/tags/list")]
    [InlineData("/v2/a%2F..%2F..%2Fb/tags/list")]
    [InlineData("/v2/a/..%2F..%2Fb/blobs/uploads/")]
    [InlineData("/v2/..%2Fx/manifests/latest")]
    [InlineData("/v2/a%5Cb/tags/list")]
    public async Task Server_answers_NAME_INVALID_for_invalid_names(string path)
    {
        await using var server = await RegistryTestServer.StartAsync();
        var (status, body) = await RawRequestAsync(server, "GET", path);
        status.Should().Be(400, body);
        body.Should().Contain("NAME_INVALID");
    }

    [Theory]
    [InlineData("POST", "/v2/../x/blobs/uploads/")]
    [InlineData("POST", "/v2/a/../../b/blobs/uploads/")]
    [InlineData("POST", "/v2/a/%2e%2e/%2e%2e/%2e%2e/escape/blobs/uploads/")]
    [InlineData("PUT", "/v2/../../escape/manifests/v1")]
    public async Task Dot_segments_never_create_anything_outside_the_data_folder(string method, string path)
    {
        using var parent = new Gravity.Testing.TempDir("escape");
        var data = Path.Combine(parent.Path, "data");
        await using var server = await RegistryTestServer.StartAsync(data);
        var (status, _) = await RawRequestAsync(server, method, path);
        status.Should().BeOneOf(400, 404);
        Directory.EnumerateFileSystemEntries(parent.Path).Select(Path.GetFileName).Should().Equal("data");
        Directory.EnumerateFileSystemEntries(Path.Combine(data, "repositories")).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(data, "uploads")).Should().BeEmpty();
    }

    /// <summary>Sends the request line exactly as given (HttpClient would normalise dot segments away).</summary>
    private static async Task<(int Status, string Body)> RawRequestAsync(RegistryTestServer server, string method, string path)
    {
        using var tcp = new TcpClient();
        var port = new Uri(server.Url).Port;
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var request = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(response.Split(' ', 3)[1]);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }
}
