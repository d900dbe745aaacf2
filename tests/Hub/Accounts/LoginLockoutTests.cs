using System.Net;
using System.Text.Json;
using Gravity.Hub.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>
/// Password guessing is slowed down and then locked out, per user and per client address; the lockout holds even for
/// the right password, is visible to admins, and ends with time (a fake clock here) or when an admin lifts it.
/// </summary>
public class LoginLockoutTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    [Fact]
    public async Task User_is_delayed_after_5_failures_locked_after_10_even_with_the_right_password_and_freed_by_time()
    {
        var clock = new ManualClock(Start);
        await using var hub = await HubServer.StartAsync(time: clock, accounts: UserLimitsOnly);
        await hub.AddUserAsync("alice", Roles.Publisher);
        var key = await hub.CreateKeyAsync("alice");

        for (var i = 0; i < 5; i++) (await LoginAsync(hub, "alice", "wrong password")).Should().Be(HttpStatusCode.Unauthorized);
        var delayed = await LoginResponseAsync(hub, "alice", HubServer.Password);
        delayed.StatusCode.Should().Be((HttpStatusCode)429, "after 5 failures the next try must wait");
        delayed.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await delayed.Content.ReadAsStringAsync()).Should().Contain("alice").And.Contain("try again after");

        // Each further failure doubles the wait: 1, 2, 4, 8, 16 seconds.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1 << i));
            (await LoginAsync(hub, "alice", "wrong password")).Should().Be(HttpStatusCode.Unauthorized, $"try {6 + i} waited long enough");
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be((HttpStatusCode)429, "locked after 10 failures, even with the right password");
        (await LoginAsync(hub, "alice", key)).Should().Be(HttpStatusCode.OK, "API keys cannot be guessed: a password lockout does not stop them");
        using (var basic = hub.Client("alice"))
            (await basic.GetAsync("/v2/")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the registry's Basic auth is locked out too");

        clock.Advance(TimeSpan.FromMinutes(13));
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be((HttpStatusCode)429, "still within the 15 minutes");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be(HttpStatusCode.OK, "the lockout ended by itself");
        (await hub.Accounts.Throttle.ListAsync()).Where(f => f.Kind == LockoutKind.User).Should().BeEmpty("a right password clears the count");
    }

    [Fact]
    public async Task Unknown_users_are_locked_out_like_existing_ones()
    {
        var clock = new ManualClock(Start);
        await using var hub = await HubServer.StartAsync(time: clock, accounts: UserLimitsOnly);
        await hub.AddUserAsync("alice", Roles.Publisher);
        for (var i = 0; i < 10; i++)
        {
            await LoginAsync(hub, "alice", "wrong password");
            await LoginAsync(hub, "nobody", "wrong password");
            clock.Advance(TimeSpan.FromSeconds(20));
        }
        (await LoginAsync(hub, "alice", "wrong password")).Should().Be((HttpStatusCode)429);
        (await LoginAsync(hub, "nobody", "wrong password")).Should().Be((HttpStatusCode)429, "a lockout must not tell which names exist");
    }

    [Fact]
    public async Task Admin_sees_the_lockout_and_lifts_it_through_the_api()
    {
        var clock = new ManualClock(Start);
        await using var hub = await HubServer.StartAsync(time: clock, accounts: UserLimitsOnly);
        await hub.AddUserAsync("alice", Roles.Publisher);
        await hub.AddUserAsync("root", Roles.Admin);
        var admin = await HubApiAudienceTests.SessionTokenAsync(hub, "root");
        await LockOutAsync(hub, clock, "alice");
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be((HttpStatusCode)429);

        using var http = hub.Client();
        var users = await GetJsonAsync(http, "/api/v1/users", admin);
        var alice = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "alice");
        alice.GetProperty("failedLogins").GetInt32().Should().Be(10);
        alice.GetProperty("lockedUntil").GetDateTimeOffset().Should().BeCloseTo(clock.Now.AddSeconds(-20).AddMinutes(15), TimeSpan.FromSeconds(1), "15 minutes after the last failure");
        users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "root").GetProperty("lockedUntil").ValueKind.Should().Be(JsonValueKind.Null);
        var lockouts = await GetJsonAsync(http, "/api/v1/lockouts", admin);
        lockouts.EnumerateArray().Should().Contain(l => l.GetProperty("kind").GetString() == "user" && l.GetProperty("name").GetString() == "alice");

        (await HubApiAudienceTests.SendAsync(http, HttpMethod.Delete, "/api/v1/lockouts/users/alice", admin)).Should().Be(HttpStatusCode.NoContent);
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be(HttpStatusCode.OK, "lifted by the admin, long before the 15 minutes");
        (await HubApiAudienceTests.SendAsync(http, HttpMethod.Delete, "/api/v1/lockouts/users/alice", admin)).Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Gravity_hub_users_ls_shows_the_lockout_and_unlock_lifts_it()
    {
        var clock = new ManualClock(Start);
        await using var hub = await HubServer.StartAsync(time: clock, accounts: UserLimitsOnly);
        await hub.AddUserAsync("alice", Roles.Publisher);
        await LockOutAsync(hub, clock, "alice");

        var ls = await ProgramUnderTest.Gravity.RunAsync(["hub", "users", "ls", "--format", "json", "--data-dir", hub.DataDir]);
        ls.ExitCode.Should().Be(0, ls.Combined);
        var alice = JsonDocument.Parse(ls.StdOut).RootElement[0];
        alice.GetProperty("failedLogins").GetInt32().Should().Be(10);
        alice.GetProperty("lockedUntil").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(10));
        var table = await ProgramUnderTest.Gravity.RunAsync(["hub", "users", "ls", "--data-dir", hub.DataDir], environment: new Dictionary<string, string?> { ["COLUMNS"] = "200" });
        table.StdOut.Should().Contain("until").And.Contain("10 failed logins");

        var unlock = await ProgramUnderTest.Gravity.RunAsync(["hub", "users", "unlock", "alice", "--data-dir", hub.DataDir]);
        unlock.ExitCode.Should().Be(0, unlock.Combined);
        unlock.StdOut.Should().Contain("user alice unlocked");
        (await LoginAsync(hub, "alice", HubServer.Password)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Client_address_is_locked_out_after_20_failures_whatever_the_names_and_others_are_not()
    {
        var clock = new ManualClock(Start);
        await using var hub = await HubServer.StartAsync(time: clock);
        await hub.AddUserAsync("alice", Roles.Publisher);
        var attacker = IPAddress.Parse("127.0.0.2");
        for (var i = 0; i < 20; i++)
        {
            (await LoginAsync(hub, $"guess{i}", "wrong password", attacker)).Should().Be(HttpStatusCode.Unauthorized, $"try {i + 1}");
            clock.Advance(TimeSpan.FromMinutes(10)); // past the address's growing delay (at most 2^9 s here), within its 15-minute memory
        }
        var locked = await LoginResponseAsync(hub, "alice", HubServer.Password, attacker);
        locked.StatusCode.Should().Be((HttpStatusCode)429, "the address is locked out, even for a right password");
        (await locked.Content.ReadAsStringAsync()).Should().Contain("address '127.0.0.2'");
        (await LoginAsync(hub, "alice", HubServer.Password, IPAddress.Parse("127.0.0.3"))).Should().Be(HttpStatusCode.OK, "other addresses are not locked");

        (await hub.Accounts.Throttle.UnlockAddressAsync("127.0.0.2")).Should().BeTrue();
        (await LoginAsync(hub, "alice", HubServer.Password, attacker)).Should().Be(HttpStatusCode.OK, "lifted by an admin");
    }

    /// <summary>Address limits far away, so that a test of one user's lockout from one address sees only that.</summary>
    private static AccountOptions UserLimitsOnly(AccountOptions o) => o with { AddressFailuresBeforeDelay = 1000, AddressFailuresBeforeLockout = 1000 };

    private static async Task LockOutAsync(HubServer hub, ManualClock clock, string user)
    {
        for (var i = 0; i < 10; i++)
        {
            (await LoginAsync(hub, user, "wrong password")).Should().Be(HttpStatusCode.Unauthorized);
            clock.Advance(TimeSpan.FromSeconds(20));
        }
    }

    private static async Task<HttpStatusCode> LoginAsync(HubServer hub, string user, string secret, IPAddress? from = null)
        => (await LoginResponseAsync(hub, user, secret, from)).StatusCode;

    private static async Task<HttpResponseMessage> LoginResponseAsync(HubServer hub, string user, string secret, IPAddress? from = null)
    {
        using var http = hub.ClientFrom(from ?? IPAddress.Loopback, AuthorizationHeader.Basic(user, secret));
        var response = await http.PostAsync("/api/v1/login", null);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
