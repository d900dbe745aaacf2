using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations;

/// <summary>An operation that has not ended, with the phase it is at.</summary>
public sealed record OperationSummary(string Id, string Type, string State, DateTimeOffset Created, string? Phase, string? PhaseState);

/// <summary>What `gravity status` shows.</summary>
public sealed record ClusterStatusReport(
    string Cluster, DateTimeOffset Created, string Status, ClusterApplication Application, string JoinToken,
    IReadOnlyList<ClusterNode> Nodes, OperationSummary? Operation, IReadOnlyList<string> Problems);
