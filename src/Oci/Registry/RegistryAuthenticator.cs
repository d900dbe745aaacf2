using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gravity.Oci.Registry;

/// <summary>
/// Remembers each registry's auth challenge and answers it: Basic with the configured credentials, or Bearer tokens
/// fetched from the challenge's realm (Docker token protocol), cached per scope until shortly before they expire.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, ICredentialProvider? credentials)
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Registry, string Scope), CachedToken> _tokens = new();

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);

    public async Task AuthorizeAsync(HttpRequestMessage request, string registry, string scope, CancellationToken ct)
    {
        if (!_challenges.TryGetValue(registry, out var challenge)) return;
        if (challenge.IsBasic)
        {
            if (credentials?.GetCredentials(registry) is { } c) request.Headers.Authorization = Basic(c);
        }
        else if (challenge.IsBearer)
        {
            var token = await GetTokenAsync(registry, scope, challenge, ct).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Records a 401's challenge. True when a retry can present something new (first challenge, or a token to renew).</summary>
    public bool OnUnauthorized(string registry, string scope, AuthChallenge challenge, bool requestWasAuthorized)
    {
        _challenges[registry] = challenge;
        _tokens.TryRemove((registry, scope), out _);
        if (challenge.IsBasic) return !requestWasAuthorized && credentials?.GetCredentials(registry) is not null;
        // A bearer 401 means no token yet, an expired/revoked one, or one of too narrow a scope: one fresh token is worth a try.
        if (challenge.IsBearer) return true;
        return false;
    }

    private async Task<string> GetTokenAsync(string registry, string scope, AuthChallenge challenge, CancellationToken ct)
    {
        if (_tokens.TryGetValue((registry, scope), out var cached) && cached.ExpiresAt > DateTimeOffset.UtcNow) return cached.Token;
        if (challenge.Realm is not { Length: > 0 } realm || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
            throw new RegistryException($"registry {registry} asked for a bearer token without a valid realm");

        var query = new List<string>();
        if (challenge.Service is { Length: > 0 } service) query.Add("service=" + Uri.EscapeDataString(service));
        var scopes = new List<string>();
        // Several scopes (a cross-repository mount needs push on one and pull on another) travel as separate parameters.
        scopes.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var challenged in (challenge.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (!scopes.Contains(challenged)) scopes.Add(challenged);
        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var builder = new UriBuilder(realmUri);
        var existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', new[] { existing }.Where(q => q.Length > 0).Concat(query));

        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        var creds = credentials?.GetCredentials(registry);
        if (creds is not null) request.Headers.Authorization = Basic(creds);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new RegistryException(creds is null
                ? $"registry {registry} requires authentication: no credentials configured (use --username/--password or docker login)"
                : $"authentication to registry {registry} failed for user '{creds.Username}': the token service at {realmUri.GetLeftPart(UriPartial.Path)} refused the credentials",
                response.StatusCode, "UNAUTHORIZED");
        if (!response.IsSuccessStatusCode)
            throw await RegistryException.FromResponseAsync(response, $"getting a token for registry {registry} from {realmUri.GetLeftPart(UriPartial.Path)}", ct).ConfigureAwait(false);

        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        string? token;
        TimeSpan lifetime = DefaultTokenLifetime;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(token) && root.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String) token = at.GetString();
            if (root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0) lifetime = TimeSpan.FromSeconds(seconds);
        }
        catch (JsonException ex)
        {
            throw new RegistryException($"token service of registry {registry} returned invalid JSON: {ex.Message}");
        }
        if (string.IsNullOrEmpty(token)) throw new RegistryException($"token service of registry {registry} returned no token");
        // Renew a little early so a token never expires between being chosen and being presented.
        var margin = lifetime > TimeSpan.FromSeconds(20) ? TimeSpan.FromSeconds(10) : lifetime / 4;
        _tokens[(registry, scope)] = new CachedToken(token, DateTimeOffset.UtcNow + lifetime - margin);
        return token;
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials c)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));
}
