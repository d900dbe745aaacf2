using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gravity.Core;

namespace Gravity.Oci.Registry;

/// <summary>
/// HTTP to registries: TLS policy (system roots, a custom CA, or none when insecure), scheme discovery (HTTPS, plain
/// HTTP only when insecure), authentication and retries with exponential backoff for network errors, 5xx and 429.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const long LargeBodyBytes = 1 << 20;
    private readonly RegistryClientOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<Uri>>> _baseUris = new(StringComparer.OrdinalIgnoreCase);
    private readonly RegistryAuthenticator _auth;
    private readonly X509Certificate2Collection? _customRoots;

    public RegistryTransport(RegistryClientOptions options)
    {
        _options = options;
        if (options.CaCertificatePath is { } caPath)
        {
            if (!File.Exists(caPath)) throw new GravityException($"CA certificate file {caPath} does not exist");
            _customRoots = [];
            try { _customRoots.ImportFromPemFile(caPath); }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new GravityException($"{caPath}: not a PEM certificate file: {ex.Message}", ex);
            }
            if (_customRoots.Count == 0) throw new GravityException($"{caPath}: no certificate found");
        }
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 16,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = ValidateCertificate;
        if (options.ClientCertificatePath is not null || options.ClientKeyPath is not null)
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options)];
        Http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        Http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _auth = new RegistryAuthenticator(Http, options.Credentials);
    }

    public HttpClient Http { get; }

    private static X509Certificate2 LoadClientCertificate(RegistryClientOptions options)
    {
        if (options.ClientCertificatePath is null || options.ClientKeyPath is null)
            throw new GravityException("a TLS client certificate needs both the certificate and its key");
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.ClientCertificatePath, options.ClientKeyPath);
            // Re-imported so the key stays usable by the TLS stack (a PEM-loaded key is ephemeral).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new GravityException($"cannot load the TLS client certificate {options.ClientCertificatePath} with key {options.ClientKeyPath}: {ex.Message}", ex);
        }
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.Insecure) return true;
        if (_customRoots is null) return errors == SslPolicyErrors.None;
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_customRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        return custom.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    /// <summary>
    /// https://host[:port], or http:// for an insecure registry that does not speak TLS. Found out once per registry:
    /// requests made meanwhile wait for that one probe instead of each trying TLS first.
    /// </summary>
    public async Task<Uri> BaseUriAsync(string registry, CancellationToken ct)
    {
        var probe = _baseUris.GetOrAdd(registry, r => new Lazy<Task<Uri>>(() => ProbeAsync(r)));
        try
        {
            return await probe.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _baseUris.TryRemove(new KeyValuePair<string, Lazy<Task<Uri>>>(registry, probe));
            throw;
        }
    }

    private async Task<Uri> ProbeAsync(string registry)
    {
        var host = RegistryHosts.ApiHost(registry);
        var https = new Uri($"https://{host}/");
        var http = new Uri($"http://{host}/");
        if (!_options.Insecure) return https;
        if (_options.PlainHttpMemory?.Contains(registry) == true) return http;
        try
        {
            using var cts = new CancellationTokenSource(_options.ConnectTimeout);
            using var probe = await Http.GetAsync(new Uri(https, "v2/"), HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            return https;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            _options.PlainHttpMemory?.Remember(registry);
            return http;
        }
    }

    /// <summary>
    /// After plain HTTP failed at a registry remembered to speak it (it may have moved to TLS): forget it, so that the
    /// next attempt probes again. True when there was something to forget.
    /// </summary>
    private bool ForgetRememberedPlainHttp(string registry, Uri baseUri)
    {
        if (baseUri.Scheme != Uri.UriSchemeHttp || _options.PlainHttpMemory is not { } memory || !memory.Contains(registry)) return false;
        memory.Forget(registry);
        _baseUris.TryRemove(registry, out _);
        return true;
    }

    /// <summary>
    /// Sends a request built by <paramref name="create"/> (called again for every attempt) and returns the response
    /// with its body unread. Non-success statuses are returned, except after the retries for transient ones ran out.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string registry, string scope, Func<Uri, HttpRequestMessage> create, string what,
        bool retry = true, CancellationToken ct = default)
    {
        var attempts = retry ? _options.MaxRetries + 1 : 1;
        Uri? baseUri = null;
        var reprobed = false;
        // Once per call: plain HTTP failed at a registry remembered to speak it, so probe it again.
        bool Reprobe()
        {
            if (reprobed || baseUri is null || !ForgetRememberedPlainHttp(registry, baseUri)) return false;
            return reprobed = true;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                baseUri = await BaseUriAsync(registry, ct).ConfigureAwait(false);
                var response = await SendAuthenticatedAsync(registry, scope, () => create(baseUri), ct).ConfigureAwait(false);
                // A TLS server answers a plain HTTP request with 400: the registry moved to TLS since it was remembered.
                if (response.StatusCode == HttpStatusCode.BadRequest && Reprobe())
                {
                    response.Dispose();
                    attempt--;
                    continue;
                }
                if (attempt < attempts && IsTransient(response.StatusCode))
                {
                    response.Dispose();
                    await DelayAsync(attempt, ct).ConfigureAwait(false);
                    continue;
                }
                return response;
            }
            catch (Exception ex) when (IsNetworkError(ex, ct))
            {
                if (ex.InnerException is System.Security.Authentication.AuthenticationException)
                    throw new RegistryException($"{what}: TLS connection to registry {registry} failed: " + (_customRoots is null
                        ? "its certificate is not trusted by the system (give the registry's CA certificate) or it speaks plain HTTP (use --insecure)"
                        : $"its certificate does not chain to the CA in {_options.CaCertificatePath} or is not issued for {registry}"), inner: ex);
                if (Reprobe())
                {
                    attempt--;
                    continue;
                }
                if (attempt < attempts)
                {
                    await DelayAsync(attempt, ct).ConfigureAwait(false);
                    continue;
                }
                throw new RegistryException($"{what}: cannot reach registry {registry}: {Describe(ex)}", inner: ex);
            }
        }
    }

    public Task DelayAsync(int attempt, CancellationToken ct)
        => Task.Delay(TimeSpan.FromMilliseconds(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4)), ct);

    public int MaxAttempts => _options.MaxRetries + 1;

    private async Task<HttpResponseMessage> SendAuthenticatedAsync(string registry, string scope, Func<HttpRequestMessage> create, CancellationToken ct)
    {
        var request = create();
        await _auth.AuthorizeAsync(request, registry, scope, ct).ConfigureAwait(false);
        var authorized = request.Headers.Authorization is not null;
        var response = await SendWithHeaderTimeoutAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.FromResponse(response);
        if (challenge is null || !_auth.OnUnauthorized(registry, scope, challenge, authorized)) return response;
        response.Dispose();
        request.Dispose();
        request = create();
        await _auth.AuthorizeAsync(request, registry, scope, ct).ConfigureAwait(false);
        return await SendWithHeaderTimeoutAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithHeaderTimeoutAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The wait for headers includes sending the body: a large upload on a slow link must not be cut short.
        if (request.Content?.Headers.ContentLength is not > LargeBodyBytes) cts.CancelAfter(_options.ResponseHeadersTimeout);
        try
        {
            return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {_options.ResponseHeadersTimeout.TotalSeconds:0}s", ex);
        }
    }

    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout;

    public static bool IsNetworkError(Exception ex, CancellationToken ct)
        => ex is HttpRequestException or IOException or TimeoutException || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    public static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            if (!parts.Contains(e.Message)) parts.Add(e.Message);
        return string.Join(": ", parts);
    }

    public void Dispose() => Http.Dispose();
}
