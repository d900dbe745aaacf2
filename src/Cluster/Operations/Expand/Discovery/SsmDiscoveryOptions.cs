namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>Where the Parameter Store is: `--ssm-endpoint URL` and `--aws-region`. Credentials come from the SDK's chain.</summary>
public sealed record SsmDiscoveryOptions
{
    /// <summary>The service URL (a VPC endpoint, a test double); null for the region's public endpoint.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>null: the SDK's own lookup (AWS_REGION, the profile, the instance's metadata).</summary>
    public string? Region { get; init; }

    /// <summary>Credentials other than the SDK's chain (tests); null for the chain (environment, profile, instance role).</summary>
    public Amazon.Runtime.AWSCredentials? Credentials { get; init; }
}
