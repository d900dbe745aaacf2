using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Agents;

/// <summary>
/// What one node asks another node's agent to do: execute (or roll back) one phase of an operation's plan there. The
/// operation's record travels with it because its configuration is what the kind builds the phase's executor from; it
/// can hold secrets (the join token), so it only ever crosses mutual TLS and is never logged.
/// </summary>
public sealed record RemotePhaseRequest(OperationRecord Operation, OperationPlan Plan, string Phase, bool Rollback);

/// <summary>One line of the agent's answer (NDJSON): a message of the phase, then either done or the error.</summary>
public sealed record RemotePhaseLine(string? Log = null, bool Done = false, string? Error = null);
