using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gravity.Registry;

/// <summary>
/// The cluster registry's rule: a client certificate issued by the cluster CA may do everything; without one only reads
/// (pull, catalog) are allowed, and only from the node's own addresses (those the registry listens on), so that nobody
/// on another machine reads the cluster's images and nobody at all writes or deletes them without the cluster's
/// credentials.
/// </summary>
public sealed class ClientCertificateAccessControl(X509Certificate2 clusterCa, IEnumerable<IPAddress> anonymousReadersFrom) : IRegistryAccessControl
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private readonly HashSet<IPAddress> _localAddresses = anonymousReadersFrom.Select(Normalize).ToHashSet();

    public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
    {
        // Checked again here although the TLS handshake already did: a server configured without that check must not open up.
        if (request.ClientCertificate is { } cert)
            return ValueTask.FromResult(IsIssuedBy(clusterCa, cert)
                ? AccessDecision.Allow(cert.GetNameInfo(X509NameType.SimpleName, false))
                : AccessDecision.Denied("the client certificate is not issued by the cluster CA"));
        if (request.Action is not (RegistryAction.Pull or RegistryAction.Catalog))
            return ValueTask.FromResult(AccessDecision.Unauthorized($"{request.Action.ToString().ToLowerInvariant()} needs a client certificate of the cluster"));
        if (!IsLocal(request.RemoteAddress))
            return ValueTask.FromResult(AccessDecision.Unauthorized($"reads from {request.RemoteAddress ?? "an unknown address"} need a client certificate of the cluster"));
        return ValueTask.FromResult(AccessDecision.Allow());
    }

    private bool IsLocal(string? remote) => remote is not null && IPAddress.TryParse(remote, out var ip) && _localAddresses.Contains(Normalize(ip));

    private static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    /// <summary>True when <paramref name="cert"/> chains to <paramref name="ca"/> and may authenticate TLS clients.</summary>
    public static bool IsIssuedBy(X509Certificate2 ca, X509Certificate2 cert)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        return chain.Build(cert);
    }
}
