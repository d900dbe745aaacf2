using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>An SSM client for <see cref="SsmDiscoveryOptions"/>, with a clear error when neither a region nor an endpoint is known.</summary>
public static class SsmClientFactory
{
    public static IAmazonSimpleSystemsManagement Create(SsmDiscoveryOptions options)
    {
        var config = new AmazonSimpleSystemsManagementConfig { MaxErrorRetry = 2, Timeout = TimeSpan.FromSeconds(30) };
        if (options.Endpoint is { } endpoint)
        {
            // A service URL replaces the region's endpoint; the region still names the signing scope.
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        }
        else if (options.Region is { } region)
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        try
        {
            return options.Credentials is { } credentials
                ? new AmazonSimpleSystemsManagementClient(credentials, config)
                : new AmazonSimpleSystemsManagementClient(config);
        }
        catch (AmazonClientException ex)
        {
            throw new JoinDiscoveryException("SSM Parameter Store", "region",
                $"{ex.Message} (give --aws-region, set AWS_REGION, or give --ssm-endpoint URL)", ex);
        }
    }

    public static string Describe(SsmDiscoveryOptions options)
        => "SSM Parameter Store" + (options.Endpoint is { } e ? $" at {e}" : options.Region is { } r ? $" in {r}" : "");
}
