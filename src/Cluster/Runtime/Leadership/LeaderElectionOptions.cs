namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>How the election runs: the leader's lease (how long a dead leader holds the key), retries and the clock.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>A dead leader's key vanishes within this; the live leader renews it every third of it.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause after an error of the store (etcd starting or unreachable) before the next round.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a participant watches without reading the key again.</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of the election time written into the key.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
