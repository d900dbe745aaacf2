using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gravity.Hub.Client;

/// <summary>Where the Hub is and how to trust it: the system CAs, a given CA certificate, or (--insecure) anything.</summary>
public sealed record HubConnection(Uri BaseUri, bool Insecure = false, string? CaCertificatePath = null)
{
    /// <summary>"hub.example.com", "127.0.0.1:5000" or a full URL; https unless a scheme says otherwise.</summary>
    public static Uri ParseHubAddress(string address)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new Gravity.Core.GravityException($"invalid Hub address '{address}': expected host[:port] or https://host[:port]");
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(30) };
        if (Insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (CaCertificatePath is not null)
        {
            var cas = new X509Certificate2Collection();
            try { cas.ImportFromPemFile(CaCertificatePath); }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                throw new Gravity.Core.GravityException($"{CaCertificatePath}: cannot read the CA certificate: {e.Message}");
            }
            if (cas.Count == 0) throw new Gravity.Core.GravityException($"{CaCertificatePath}: no PEM certificate in the file");
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(cas);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(cert));
            };
        }
        // No overall timeout: blobs can be large; each request is bounded by the caller's token and connect timeout.
        return new HttpClient(handler) { BaseAddress = BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }
}
