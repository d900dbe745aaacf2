using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Resources;

/// <summary>
/// `gravity resource create|get|rm` for join tokens, run on a node of the cluster: it reaches etcd with the node's own
/// client certificate, so only root on a node (who can read the node's secrets) can add or revoke a token.
/// </summary>
public sealed class JoinTokenResources(string stateDir, TimeProvider time)
{
    public async Task<IReadOnlyList<JoinTokenRecord>> CreateAsync(IReadOnlyList<JoinTokenResource> resources, CancellationToken ct = default)
    {
        using var etcd = Connect();
        var store = new JoinTokenStore(etcd, time);
        var created = new List<JoinTokenRecord>();
        foreach (var resource in resources)
        {
            try { created.Add(await store.CreateAsync(resource.Token, resource.Expires, resource.Description, ct)); }
            catch (GravityException ex) { throw new GravityException($"{resource.Source}: token: {ex.Message}" + (created.Count > 0 ? $" ({created.Count} token(s) before it were created)" : "")); }
        }
        return created;
    }

    public async Task<IReadOnlyList<JoinTokenView>> ListAsync(CancellationToken ct = default)
    {
        using var etcd = Connect();
        return await new JoinTokenStore(etcd, time).ListAsync(ct);
    }

    /// <returns>How many active tokens remain.</returns>
    public async Task<int> RevokeAsync(string token, CancellationToken ct = default)
    {
        using var etcd = Connect();
        var store = new JoinTokenStore(etcd, time);
        if (!await store.RevokeAsync(token, ct)) throw new GravityException("the cluster has no such join token (see gravity resource get token)");
        return (await store.ActiveTokensAsync(ct)).Count;
    }

    private EtcdGrpcClient Connect()
    {
        var node = NodeAgentConfig.TryLoad(stateDir)?.Node ?? throw new GravityException(
            $"this machine is not a node of a cluster (no node record in {Path.GetFullPath(stateDir)}; is --state-dir right?)");
        return new EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(10) });
    }
}
