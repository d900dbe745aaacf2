using System.Net;
using System.Text;
using System.Text.Json;
using Gravity.Hub.Accounts;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>Bad bodies of the admin API get a 400 naming the field, never a 500.</summary>
public class AdminApiBodyTests
{
    [Theory]
    [InlineData("""{"name":"eve","roles":null,"password":"a-long-password"}""", "roles")]
    [InlineData("""{"name":"eve","password":"a-long-password"}""", "roles")]
    [InlineData("""{"name":"eve","roles":"publisher"}""", "roles")]
    [InlineData("""{"name":"eve","roles":[1]}""", "roles")]
    [InlineData("""{"name":null,"roles":["publisher"]}""", "name")]
    [InlineData("""{"roles":["publisher"]}""", "name")]
    [InlineData("""{"name":"eve","roles":["publisher"],"password":42}""", "password")]
    public async Task User_creation_with_a_bad_field_is_a_400_naming_it(string body, string field)
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        using var http = hub.Client("root");
        var r = await http.PostAsync("/api/v1/users", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        var json = JsonDocument.Parse(text).RootElement;
        json.GetProperty("field").GetString().Should().Be(field);
        json.GetProperty("error").GetString().Should().StartWith(field + ":");
        (await hub.Accounts.Store.GetUserAsync("eve")).Should().BeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"name":"eve","roles":[]}""")]
    public async Task User_creation_with_a_bad_body_is_a_400_with_a_json_error(string body)
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        using var http = hub.Client("root");
        var r = await http.PostAsync("/api/v1/users", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Key_creation_without_a_user_is_a_400_naming_it()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        using var http = hub.Client("root");
        var r = await http.PostAsync("/api/v1/keys", new StringContent("""{"user":null}""", Encoding.UTF8, "application/json"));
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().Should().Be("user");
    }
}
