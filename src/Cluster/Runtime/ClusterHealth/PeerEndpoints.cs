namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>The agent endpoints other nodes' agents call for cluster health (mTLS, cluster client certificates only).</summary>
public static class PeerEndpoints
{
    /// <summary>This node's own health report (one node; GET / answers the whole cluster's).</summary>
    public const string NodeHealth = "/v1/health/node";

    /// <summary>The agent's clock: <see cref="TimeAnswer"/>.</summary>
    public const string Time = "/v1/time";

    /// <summary>A node's report is a few kilobytes; an answer bigger than this is not one.</summary>
    public const int MaxAnswerBytes = 1 << 20;
}

/// <summary>The answer of <see cref="PeerEndpoints.Time"/>: the server's clock in unix milliseconds.</summary>
public sealed record TimeAnswer(long UnixMs);
