using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Gravity.Testing;

/// <summary>
/// A Docker token service (the <c>realm</c> of a <c>Bearer</c> challenge) for docker-registry's token auth: checks Basic
/// credentials and issues ES256 JWTs granting the requested scopes, signed by a key whose certificate the registry trusts.
/// </summary>
public sealed class TestTokenServer : IDisposable
{
    public const string Service = "gravity-test-registry";
    public const string Issuer = "gravity-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly Lock _keyLock = new();
    private ECDsa _key = null!;
    private X509Certificate2 _certificate = null!;
    private readonly string? _user;
    private readonly string? _password;
    private readonly Task _loop;
    private int _requests;

    public TestTokenServer(string directory, string? user, string? password)
    {
        _user = user;
        _password = password;
        Directory.CreateDirectory(directory);
        CertificatePath = Path.Combine(directory, "token-issuer.crt");
        RotateKey();
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// Signs with a new key from now on and writes its certificate to <see cref="CertificatePath"/>; a registry
    /// restarted afterwards refuses every token issued before (what a client meets when its cached token is revoked).
    /// </summary>
    public void RotateKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Gravity Test Token Issuer {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        lock (_keyLock)
        {
            _key?.Dispose();
            _certificate?.Dispose();
            _key = key;
            _certificate = certificate;
            File.WriteAllText(CertificatePath, certificate.ExportCertificatePem() + "\n");
        }
    }

    public int Port { get; }
    public string Realm => $"http://127.0.0.1:{Port}/token";
    public string CertificatePath { get; }

    /// <summary>Lifetime written into the tokens (the registry enforces it).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>expires_in told to clients; set it longer than <see cref="TokenLifetime"/> to make a client meet an expired token.</summary>
    public TimeSpan? AnnouncedLifetime { get; set; }

    /// <summary>Token requests served so far (granted or refused).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { await HandleAsync(context); }
            catch (Exception) { context.Response.StatusCode = 500; }
            finally { context.Response.Close(); }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        if (context.Request.Url!.AbsolutePath != "/token") { response.StatusCode = 404; return; }
        var subject = Authenticate(context.Request.Headers["Authorization"]);
        if (subject is null) { response.StatusCode = 401; return; }
        var scopes = (context.Request.QueryString.GetValues("scope") ?? [])
            .SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            var first = scope.IndexOf(':');
            var last = scope.LastIndexOf(':');
            if (first < 0 || last <= first) continue;
            access.Add(new JsonObject
            {
                ["type"] = scope[..first],
                ["name"] = scope[(first + 1)..last],
                ["actions"] = new JsonArray(scope[(last + 1)..].Split(',').Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
            });
        }
        var token = Sign(subject, access);
        var body = new JsonObject
        {
            ["token"] = token,
            ["expires_in"] = (int)(AnnouncedLifetime ?? TokenLifetime).TotalSeconds,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    private string? Authenticate(string? header)
    {
        if (_user is null) return "anonymous";
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return decoded == $"{_user}:{_password}" ? _user : null;
    }

    private string Sign(string subject, JsonArray access)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-30).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        lock (_keyLock)
        {
            header["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData));
            var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
            var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return $"{signingInput}.{Base64Url(signature)}";
        }
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _key.Dispose();
        _certificate.Dispose();
    }
}
