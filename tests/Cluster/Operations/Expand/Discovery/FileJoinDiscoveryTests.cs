using System.Text;
using Gravity.Cluster.Operations.Expand.Discovery;
using Gravity.Core;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>`--discovery-file`: the format, its limits, and a file another user could have written (the tests run as root).</summary>
public sealed class FileJoinDiscoveryTests : IDisposable
{
    private readonly TempDir _dir = new("discovery-file");

    private string Write(string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = _dir.Combine("join.json");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task Publish_then_discover_round_trips_and_the_file_is_0600()
    {
        var path = _dir.Combine("join.json");
        await new FileJoinDiscovery(path).PublishAsync(new JoinDiscoveryRecord("c1", "10.0.0.5:7575", "tok"));
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await new FileJoinDiscovery(path).DiscoverAsync("c1")).Should().Be(new JoinDiscoveryRecord("c1", "10.0.0.5:7575", "tok"));
    }

    [Fact]
    public async Task A_file_writable_by_others_is_refused()
    {
        if (Environment.UserName != "root") return; // ownership is root's only when root wrote it
        var path = Write("""{"cluster":"c1","peer":"10.0.0.5","token":"t"}""", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var act = () => new FileJoinDiscovery(path).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain(path).And.Contain("writable by its group or by others");
    }

    [Fact]
    public async Task A_file_owned_by_another_user_is_refused()
    {
        if (Environment.UserName != "root") return;
        var path = Write("""{"cluster":"c1","peer":"10.0.0.5","token":"t"}""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Core.Processes.ProcessRunner.RunCheckedAsync("chown", ["65534", path], timeout: TimeSpan.FromSeconds(10));
        var act = () => new FileJoinDiscovery(path).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("owned by uid 65534, not by root");
    }

    [Fact]
    public async Task A_symbolic_link_is_refused()
    {
        var target = Write("""{"cluster":"c1","peer":"10.0.0.5","token":"t"}""");
        var link = _dir.Combine("link.json");
        File.CreateSymbolicLink(link, target);
        var act = () => new FileJoinDiscovery(link).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("symbolic link");
    }

    [Fact]
    public async Task An_oversized_file_is_refused()
    {
        var path = Write("{\"cluster\":\"c1\",\"peer\":\"10.0.0.5\",\"token\":\"t\",\"pad\":\"" + new string('x', DiscoveryDocument.MaxBytes) + "\"}");
        var act = () => new FileJoinDiscovery(path).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("larger than 65536 bytes");
    }

    [Theory]
    [InlineData("peer=10.0.0.5", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("""{"peer":"10.0.0.5","token":"t"}""", "field \"cluster\" is missing")]
    [InlineData("""{"cluster":"other","peer":"10.0.0.5","token":"t"}""", "describes cluster \"other\", not \"c1\"")]
    [InlineData("""{"cluster":"c1","token":"t"}""", "field \"peer\": no peer address")]
    [InlineData("""{"cluster":"c1","peer":"10.0.0.5"}""", "field \"token\": no join token")]
    [InlineData("""{"cluster":"c1","peer":"10.0.0.5","token":7}""", "field \"token\" must be a string")]
    public async Task A_malformed_document_is_an_error_naming_the_file_and_the_field(string content, string problem)
    {
        var path = Write(content);
        var act = () => new FileJoinDiscovery(path).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain(path).And.Contain(problem);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        var act = () => new FileJoinDiscovery(_dir.Combine("none.json")).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("none.json");
    }

    public void Dispose() => _dir.Dispose();
}
