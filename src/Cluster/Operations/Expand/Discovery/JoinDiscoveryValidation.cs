using System.Text.RegularExpressions;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>What every provider checks of what it found, so that a bad value is refused naming where it came from.</summary>
public static partial class JoinDiscoveryValidation
{
    /// <summary>Cluster names become parameter paths (/telekube/NAME/token): no slashes, spaces or other surprises.</summary>
    public static string ClusterName(string name)
    {
        if (!ClusterNamePattern().IsMatch(name))
            throw new GravityException($"cluster name \"{name}\": use letters, digits, '.', '-' and '_' only (at most 128)");
        return name;
    }

    public static JoinDiscoveryRecord Record(string provider, string clusterName, string peerKey, string? peer, string tokenKey, string? token)
    {
        if (string.IsNullOrWhiteSpace(peer)) throw new JoinDiscoveryException(provider, peerKey, "no peer address (empty)");
        try { JoinPeerClient.PeerUrl(peer.Trim(), NodeDefaults.HealthPort); }
        catch (GravityException ex) { throw new JoinDiscoveryException(provider, peerKey, ex.Message, ex); }
        if (string.IsNullOrWhiteSpace(token)) throw new JoinDiscoveryException(provider, tokenKey, "no join token (empty)");
        if (token.Trim().Any(char.IsWhiteSpace) || token.Trim().Length > 512)
            throw new JoinDiscoveryException(provider, tokenKey, "the join token has spaces in it or is longer than 512 characters");
        return new JoinDiscoveryRecord(clusterName, peer.Trim(), token.Trim());
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex ClusterNamePattern();
}
