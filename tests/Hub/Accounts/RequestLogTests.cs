using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Gravity.Hub.Accounts;
using Gravity.Oci;
using Gravity.Registry.Server;
using Microsoft.Extensions.Logging;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>One log line per request (method, path, status, bytes, time, user), and never a credential in any log line.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Push_and_pull_are_logged_with_the_user_and_no_secret_appears_in_any_line()
    {
        var capture = new CapturingLoggerProvider();
        await using var hub = await HubServer.StartAsync(configure: b => b.Logging.AddProvider(capture));
        await hub.AddUserAsync("pub", Roles.Publisher);
        await hub.AddUserAsync("rdr", Roles.Reader);
        var key = await hub.CreateKeyAsync("pub");
        var blob = "logged layer"u8.ToArray();
        var digest = Digest.Compute(blob);

        using (var basic = hub.Client("pub"))
            await PushBlobAsync(basic, "apps/shop", blob);
        using (var reader = hub.Client("rdr"))
        using (var denied = await reader.PostAsync("/v2/apps/shop/blobs/uploads/", null))
            denied.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        var token = (await RegistryAuthTests.GetTokenAsync(hub, "pub", key, "repository:apps/shop:pull")).GetProperty("token").GetString()!;
        using var http = hub.Client();
        using (var pull = new HttpRequestMessage(HttpMethod.Get, $"/v2/apps/shop/blobs/{digest}?token={token}"))
        {
            pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await http.SendAsync(pull)).EnsureSuccessStatusCode();
        }

        // A line is written when the request's pipeline returns, which may be just after the client has the response.
        var lines = capture.Lines(RequestLog.Category);
        for (var i = 0; i < 200 && lines.Count(l => l.StartsWith("GET /v2/apps/shop/blobs/")) == 0; i++)
        {
            await Task.Delay(50);
            lines = capture.Lines(RequestLog.Category);
        }
        lines.Should().ContainSingle(l => l.StartsWith($"POST /v2/apps/shop/blobs/uploads/ 201 in={blob.Length} ") && l.Contains(" user=pub "));
        lines.Should().ContainSingle(l => l.StartsWith($"GET /v2/apps/shop/blobs/{digest} 200 in=0 out={blob.Length} ") && l.Contains(" user=pub "));
        lines.Should().Contain(l => l.StartsWith("GET /v2/token 200 "));
        lines.Should().ContainSingle(l => l.StartsWith("POST /v2/apps/shop/blobs/uploads/ 403 ") && l.Contains(" user=rdr "), "refused users are named too");
        foreach (var line in capture.Lines())
            line.Should().NotContain(token).And.NotContain(key).And.NotContain(HubServer.Password)
                .And.NotContain(AuthorizationHeader.Basic("pub", HubServer.Password)[6..]);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, string Line)> _lines = new();

        public IReadOnlyList<string> Lines(string? category = null)
            => _lines.Where(l => category is null || l.Category == category).Select(l => l.Line).ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<(string, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue((category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
