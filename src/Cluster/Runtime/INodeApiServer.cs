using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Health.Monitoring;

namespace Gravity.Cluster.Runtime;

/// <summary>What the agent's HTTPS server (Gravity.Agent.Server) needs: it lives outside this assembly so that domain code stays free of ASP.NET.</summary>
public sealed record NodeApiContext(NodeAgentConfig Config, StateFolder Layout, ClusterPki Pki, HealthMonitor Monitor, ServiceSupervisor Supervisor)
{
    /// <summary>The agent's clock, as other nodes' time-drift probes read it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

public interface INodeApiServer
{
    /// <summary>Starts serving (health endpoint on config.HealthPort, TLS with the node certificate); disposing stops it.</summary>
    Task<IAsyncDisposable> StartAsync(NodeApiContext context, CancellationToken ct);
}
