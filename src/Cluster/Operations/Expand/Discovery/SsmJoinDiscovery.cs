using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// The guide's provider: AWS Systems Manager Parameter Store, with Gravity's parameter names
/// (<see cref="SsmParameterNames"/>). The token is a SecureString: read with decryption, written encrypted.
/// </summary>
public sealed class SsmJoinDiscovery(IAmazonSimpleSystemsManagement ssm, string provider) : IJoinDiscovery, IJoinDiscoveryPublisher
{
    public string Provider { get; } = provider;

    public async Task<JoinDiscoveryRecord> DiscoverAsync(string clusterName, CancellationToken ct = default)
    {
        JoinDiscoveryValidation.ClusterName(clusterName);
        var serviceKey = SsmParameterNames.Service(clusterName);
        var tokenKey = SsmParameterNames.Token(clusterName);
        var service = await GetAsync(serviceKey, "the cluster's service address", clusterName, ct);
        var token = await GetAsync(tokenKey, "the cluster's join token", clusterName, ct);
        return JoinDiscoveryValidation.Record(Provider, clusterName, serviceKey, service, tokenKey, token);
    }

    public async Task<IReadOnlyList<string>> PublishAsync(JoinDiscoveryRecord record, CancellationToken ct = default)
    {
        JoinDiscoveryValidation.ClusterName(record.ClusterName);
        var serviceKey = SsmParameterNames.Service(record.ClusterName);
        var tokenKey = SsmParameterNames.Token(record.ClusterName);
        await PutAsync(serviceKey, record.Peer, ParameterType.String, ct);
        await PutAsync(tokenKey, record.Token, ParameterType.SecureString, ct);
        return [serviceKey, tokenKey];
    }

    private async Task<string?> GetAsync(string name, string what, string clusterName, CancellationToken ct)
    {
        try
        {
            var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct);
            return response.Parameter?.Value;
        }
        catch (ParameterNotFoundException ex)
        {
            throw new JoinDiscoveryException(Provider, name,
                $"no such parameter: {what} is not published (run gravity discovery publish on a node of cluster {clusterName}, or check the cluster name and region)", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new JoinDiscoveryException(Provider, name, $"cannot read the parameter: {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (AmazonClientException ex)
        {
            // No credentials, no region, no connection: the SDK says which.
            throw new JoinDiscoveryException(Provider, name, $"cannot ask the parameter store: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new JoinDiscoveryException(Provider, name, $"cannot reach the parameter store: {ex.Message}", ex);
        }
    }

    private async Task PutAsync(string name, string value, ParameterType type, CancellationToken ct)
    {
        try
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = value, Type = type, Overwrite = true }, ct);
        }
        catch (AmazonServiceException ex)
        {
            throw new JoinDiscoveryException(Provider, name, $"cannot write the parameter: {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (AmazonClientException ex)
        {
            // No credentials, no region, no connection: the SDK says which.
            throw new JoinDiscoveryException(Provider, name, $"cannot ask the parameter store: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new JoinDiscoveryException(Provider, name, $"cannot reach the parameter store: {ex.Message}", ex);
        }
    }
}
