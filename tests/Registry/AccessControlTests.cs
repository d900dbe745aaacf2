using System.Net;
using System.Text;
using Gravity.Registry;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

public sealed class AccessControlTests
{
    /// <summary>Pull for anyone, push only with the right header, never delete; records what it was asked.</summary>
    private sealed class RecordingAccessControl : IRegistryAccessControl
    {
        public List<AccessRequest> Requests { get; } = [];

        public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
        {
            lock (Requests) Requests.Add(request);
            return ValueTask.FromResult(request.Action switch
            {
                RegistryAction.Pull or RegistryAction.Catalog => AccessDecision.Allow(),
                RegistryAction.Push when request.Authorization == "Bearer good" => AccessDecision.Allow("pusher"),
                RegistryAction.Push => AccessDecision.Unauthorized(wwwAuthenticate: $"Bearer realm=\"https://hub/token\",scope=\"repository:{request.Repository}:push\""),
                _ => AccessDecision.Denied("deletes are not allowed"),
            });
        }
    }

    [Fact]
    public async Task Refusals_become_401_with_the_challenge_or_403_DENIED()
    {
        var access = new RecordingAccessControl();
        await using var server = await RegistryTestServer.StartAsync(access: access);
        using var http = server.Client();

        using var anonymous = await http.PostAsync("/v2/secure/app/blobs/uploads/", null);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().Be("Bearer realm=\"https://hub/token\",scope=\"repository:secure/app:push\"");
        (await ErrorCodeAsync(anonymous)).Should().Be("UNAUTHORIZED");
        Directory.EnumerateFileSystemEntries(server.Storage.Uploads.Root).Should().BeEmpty();

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "good");
        var digest = await PushBlobAsync(http, "secure/app", Encoding.UTF8.GetBytes("payload"));

        using var delete = await http.DeleteAsync($"/v2/secure/app/blobs/{digest}");
        delete.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(delete)).Should().Be("DENIED");
        (await http.GetStringAsync($"/v2/secure/app/blobs/{digest}")).Should().Be("payload");

        lock (access.Requests)
        {
            access.Requests.Should().Contain(r => r.Repository == "secure/app" && r.Action == RegistryAction.Push && r.Authorization == "Bearer good");
            access.Requests.Should().Contain(r => r.Action == RegistryAction.Delete && r.RemoteAddress == "127.0.0.1");
        }
    }

    [Fact]
    public async Task Default_challenge_is_Basic_and_base_endpoint_is_checked_without_repository()
    {
        var access = new DenyAll();
        await using var server = await RegistryTestServer.StartAsync(access: access);
        using var http = server.Client();
        using var r = await http.GetAsync("/v2/");
        r.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        r.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"gravity\"");
        access.Last.Should().Be(new AccessRequest(null, null, RegistryAction.Pull, "127.0.0.1"));
    }

    [Fact]
    public async Task Mount_from_a_repository_the_caller_cannot_pull_starts_a_normal_upload()
    {
        var access = new NoPullFrom("private/src");
        await using var server = await RegistryTestServer.StartAsync(access: access);
        using var http = server.Client();
        var digest = await PushBlobAsync(http, "private/src", Encoding.UTF8.GetBytes("secret layer"));
        using var r = await http.PostAsync($"/v2/public/dst/blobs/uploads/?mount={digest}&from=private/src", null);
        r.StatusCode.Should().Be(HttpStatusCode.Accepted);
        server.Storage.HasBlob("public/dst", digest).Should().BeFalse();
    }

    private sealed class DenyAll : IRegistryAccessControl
    {
        public AccessRequest? Last { get; private set; }

        public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
        {
            Last = request;
            return ValueTask.FromResult(AccessDecision.Unauthorized());
        }
    }

    private sealed class NoPullFrom(string repository) : IRegistryAccessControl
    {
        public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
            => ValueTask.FromResult(request.Repository == repository && request.Action == RegistryAction.Pull
                ? AccessDecision.Denied() : AccessDecision.Allow());
    }

    [Fact]
    public async Task Rate_limited_decision_is_429_TOOMANYREQUESTS()
    {
        await using var server = await RegistryTestServer.StartAsync(access: new Throttled());
        using var http = server.Client();
        using var r = await http.GetAsync("/v2/busy/repo/tags/list");
        r.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await ErrorCodeAsync(r)).Should().Be("TOOMANYREQUESTS");
    }

    private sealed class Throttled : IRegistryAccessControl
    {
        public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
            => ValueTask.FromResult(AccessDecision.TooManyRequests());
    }
}
