namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>Publishes a cluster's peer and join token where <see cref="IJoinDiscovery"/> of the same provider finds them.</summary>
public interface IJoinDiscoveryPublisher
{
    string Provider { get; }

    /// <summary>Writes the record (the token kept secret by the provider); returns the keys written, for the user.</summary>
    Task<IReadOnlyList<string>> PublishAsync(JoinDiscoveryRecord record, CancellationToken ct = default);
}
