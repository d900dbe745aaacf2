using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>Discovery failed: the message names the provider, the key (parameter, file, URL) and what is missing.</summary>
public sealed class JoinDiscoveryException(string provider, string key, string problem, Exception? inner = null)
    : GravityException($"discovery through {provider}: {key}: {problem}", inner!)
{
    public string Provider { get; } = provider;
    public string Key { get; } = key;
}
