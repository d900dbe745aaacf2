using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gravity.Core;
using Gravity.Core.IO;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// `--discovery-url https://...`: a <see cref="DiscoveryDocument"/> served over https. The certificate is validated as
/// usual, or against `--discovery-ca FILE` alone when given; plain http is refused (the document holds the token).
/// </summary>
public sealed class UrlJoinDiscovery : IJoinDiscovery
{
    private readonly Uri _url;
    private readonly string? _caFile;

    public UrlJoinDiscovery(string url, string? caFile = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new GravityException($"--discovery-url {url}: give an https:// URL (the document holds the join token)");
        _url = uri;
        _caFile = caFile is null ? null : Path.GetFullPath(caFile);
    }

    public string Provider => $"URL {_url.GetLeftPart(UriPartial.Path)}";

    public async Task<JoinDiscoveryRecord> DiscoverAsync(string clusterName, CancellationToken ct = default)
    {
        JoinDiscoveryValidation.ClusterName(clusterName);
        var key = _url.GetLeftPart(UriPartial.Path);
        using var http = new HttpClient(Handler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new JoinDiscoveryException(Provider, key, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > DiscoveryDocument.MaxBytes)
                throw new JoinDiscoveryException(Provider, key, $"larger than {DiscoveryDocument.MaxBytes} bytes");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[DiscoveryDocument.MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
            if (length > DiscoveryDocument.MaxBytes) throw new JoinDiscoveryException(Provider, key, $"larger than {DiscoveryDocument.MaxBytes} bytes");
            return DiscoveryDocument.Parse(buffer.AsSpan(0, length), Provider, key, clusterName);
        }
        catch (HttpRequestException ex)
        {
            throw new JoinDiscoveryException(Provider, key, $"cannot fetch it: {ex.Message}{(ex.InnerException is { } inner ? ": " + inner.Message : "")}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new JoinDiscoveryException(Provider, key, "no answer within 30 s", ex);
        }
    }

    private SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (_caFile is null) return handler;
        X509Certificate2Collection trusted;
        try
        {
            trusted = new X509Certificate2Collection();
            trusted.ImportFromPem(System.Text.Encoding.UTF8.GetString(HostFile.ReadAtMost(_caFile, 1024 * 1024)
                                                                     ?? throw new GravityException($"--discovery-ca {_caFile} is larger than 1 MiB")));
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new GravityException($"--discovery-ca {_caFile}: {ex.Message}");
        }
        if (trusted.Count == 0) throw new GravityException($"--discovery-ca {_caFile}: no PEM certificate in it");
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            },
        };
        foreach (var c in trusted) handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(c);
        return handler;
    }
}
