using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>Why a cluster node refuses a join request; the agent answers with the matching HTTP status.</summary>
public enum JoinRefusal
{
    /// <summary>The join token (or the operation's token) is wrong, revoked or expired: 401.</summary>
    BadToken,
    /// <summary>The request names a node, address or role the cluster cannot take: 400.</summary>
    Invalid,
    /// <summary>The node or its address is already in the cluster: 409.</summary>
    Conflict,
    /// <summary>The application does not allow another node of that role: 403.</summary>
    NotAllowed,
    /// <summary>This node cannot serve joins (its install has not completed): 503.</summary>
    Unavailable,
}

public sealed class JoinRefusedException(JoinRefusal refusal, string message) : GravityException(message)
{
    public JoinRefusal Refusal { get; } = refusal;

    public const string BadTokenMessage = "bad join token";
}
