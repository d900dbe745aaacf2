using Gravity.Cluster.Nodes;
using Gravity.Kubernetes.Hooks;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// At the end of a completed operation, the hook Jobs it kept for diagnosis go (<see cref="OperationHookJobs"/>), through
/// this node's Kubernetes. Best effort: a node without Kubernetes has none, and a Kubernetes that does not answer keeps
/// them (they hold nothing secret and the next completed operation does not need them gone).
/// </summary>
public static class KeptHookJobs
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<string>> DeleteAsync(StateFolder folder, string operationId)
    {
        try
        {
            using var api = NodeKubernetes.TryConnect(folder);
            if (api is null) return [];
            using var cts = new CancellationTokenSource(Timeout);
            return await OperationHookJobs.DeleteAsync(api, operationId, cts.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [];
        }
    }
}
