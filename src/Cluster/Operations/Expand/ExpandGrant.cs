namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// An expand operation the cluster admitted, kept in etcd under a lease (so it expires by itself): the node it is for
/// and the hash of its own token, which the later join calls present instead of the cluster's join token; and the hash
/// of the join token that admitted it, so that revoking that token stops the operation too.
/// </summary>
public sealed record ExpandGrant(string OperationId, string NodeName, string AdvertiseAddr, string HostName, string Role, bool Master,
    string TokenSha256, DateTimeOffset Expires, string? JoinTokenSha256 = null)
{
    public const string Prefix = "/gravity/expand/";
    public static string KeyOf(string operationId) => Prefix + operationId;
}
