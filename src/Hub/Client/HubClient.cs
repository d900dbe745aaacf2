using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gravity.Hub.Accounts;
using Gravity.Hub.Catalog;
using Gravity.Oci;

namespace Gravity.Hub.Client;

public sealed record LoginResult(string Token, string User, IReadOnlyList<string> Roles, DateTimeOffset Expires);

/// <summary>
/// tele's side of the Hub: the session and catalog API, and the registry calls that push and pull cluster images.
/// Every request carries the session token (the Hub accepts it on /v2/ too), never logged.
/// </summary>
public sealed partial class HubClient : IDisposable
{
    private readonly HttpClient _http;

    public HubClient(HubConnection connection, string? token = null)
    {
        Connection = connection;
        _http = connection.CreateHttpClient();
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HubConnection Connection { get; }

    public static HubClient FromCredentials(HubCredentials c) => new(new HubConnection(new Uri(c.Hub), c.Insecure, c.CaCertificatePath), c.Token);

    /// <summary>
    /// Exchanges a password or API key for a session token. Refused over plain HTTP unless the connection is marked
    /// insecure: the secret would cross the network readable by anyone on the way.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string user, string secret, CancellationToken ct = default)
    {
        if (Connection.BaseUri.Scheme == Uri.UriSchemeHttp && !Connection.Insecure)
            throw new Gravity.Core.GravityException($"refusing to send the password or key to {Connection.BaseUri.GetLeftPart(UriPartial.Authority)} in the clear " +
                "(plain HTTP): use https://, or --insecure to accept that anyone on the way can read it");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/login");
        request.Headers.TryAddWithoutValidation("Authorization", AuthorizationHeader.Basic(user, secret));
        using var response = await SendAsync(request, ct);
        return await ReadJsonAsync<LoginResult>(response, ct);
    }

    /// <summary>Ends the session of this client's token at the Hub; false when the Hub no longer knew it (expired, or ended already).</summary>
    public async Task<bool> LogoutAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/logout"), ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized) return false;
        await EnsureSuccessAsync(response, ct);
        return true;
    }

    public async Task<(string User, DateTimeOffset? Expires)> StatusAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/status"), ct);
        var json = await ReadJsonAsync<JsonElement>(response, ct);
        var expires = json.TryGetProperty("expires", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTimeOffset() : (DateTimeOffset?)null;
        return (json.GetProperty("user").GetString() ?? "", expires);
    }

    public async Task<IReadOnlyList<CatalogEntry>> ListAppsAsync(string? name = null, CancellationToken ct = default)
    {
        var path = name is null ? "api/v1/apps" : $"api/v1/apps?name={Uri.EscapeDataString(name)}";
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);
        return await ReadJsonAsync<CatalogEntry[]>(response, ct);
    }

    public async Task<CatalogEntry> RegisterAppAsync(string name, string version, CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, AppPath(name, version)), ct);
        return await ReadJsonAsync<CatalogEntry>(response, ct);
    }

    /// <summary>False when the Hub has no such version.</summary>
    public async Task<bool> DeleteAppAsync(string name, string version, CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, AppPath(name, version)), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, ct);
        return true;
    }

    private static string AppPath(string name, string version) => $"api/v1/apps/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}";

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new Gravity.Core.GravityException($"cannot reach the Hub at {Connection.BaseUri}: {e.Message}", e);
        }
        finally
        {
            if (completion == HttpCompletionOption.ResponseContentRead) request.Dispose();
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(ct) ?? throw new InvalidDataException($"the Hub sent an empty answer to {response.RequestMessage?.RequestUri?.AbsolutePath}");
    }

    /// <summary>Turns an error status into a <see cref="HubApiException"/> carrying the Hub's message ({"error"} or registry {"errors"}).</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = "";
        try { body = await response.Content.ReadAsStringAsync(ct); } catch (HttpRequestException) { }
        var message = ErrorMessageOf(body) ?? response.ReasonPhrase ?? "request failed";
        var hint = response.StatusCode == HttpStatusCode.Unauthorized ? " (run tele login)" : "";
        throw new HubApiException(response.StatusCode, $"{(int)response.StatusCode} {message}{hint}");
    }

    private static string? ErrorMessageOf(string body)
    {
        if (body.Length == 0) return null;
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            if (json.ValueKind != JsonValueKind.Object) return null;
            if (json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String) return e.GetString();
            if (json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                var code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                var msg = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                return $"{code}: {msg}";
            }
        }
        catch (JsonException) { }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
