namespace Gravity.Cluster.State;

/// <summary>
/// A join token of the cluster beside the one its install created: who holds it may join nodes until it expires or is
/// revoked (`gravity resource rm token`). Kept in etcd, whose clients need the cluster's certificates.
/// </summary>
public sealed record JoinTokenRecord(string Token, DateTimeOffset Created, DateTimeOffset? Expires, string? Description)
{
    public bool IsActiveAt(DateTimeOffset now) => Expires is null || Expires > now;
}
