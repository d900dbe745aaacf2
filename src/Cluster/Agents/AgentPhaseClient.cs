using System.Net.Http.Json;
using System.Text.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Agents;

/// <summary>
/// Runs phases of one operation on other nodes through their agents (POST /v1/phases over mutual TLS with this node's
/// certificate), relaying each message the phase reports as it arrives.
/// </summary>
/// <param name="agentOf">The agent URL of a node (https://ADDRESS:HEALTH-PORT, as NodeSettings has it), or null when the node is not known here.</param>
/// <param name="unknownAgent">Why a node without a URL cannot be reached (default: its agent's address is not known here).</param>
public sealed class AgentPhaseClient(TlsFiles node, OperationRecord operation, Func<string, Uri?> agentOf, string? unknownAgent = null) : IRemotePhaseRunner
{
    public const string Path = "/v1/phases";

    public Task ExecuteAsync(string nodeName, PhaseContext context, CancellationToken ct) => RunAsync(nodeName, context, rollback: false, ct);

    public Task RollbackAsync(string nodeName, PhaseContext context, CancellationToken ct) => RunAsync(nodeName, context, rollback: true, ct);

    private async Task RunAsync(string nodeName, PhaseContext context, bool rollback, CancellationToken ct)
    {
        var agent = agentOf(nodeName) ?? throw new NodeUnreachableException(nodeName, unknownAgent ?? "its agent's address is not known on this node");
        // No overall timeout: a phase may run for a long time; connecting is bounded by the handler.
        using var handler = ClusterTrust.CreateHandler(node.CaPath, node);
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, Path))
        {
            Content = JsonContent.Create(new RemotePhaseRequest(operation, context.Plan, context.Phase.Id, rollback), options: PlanJson.Options),
        };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new NodeUnreachableException(nodeName, $"{agent.Authority}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new NodeUnreachableException(nodeName, $"{agent.Authority}: no connection within 10 s", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new GravityException($"the agent of node {nodeName} refused phase {context.Phase.Id}: {(int)response.StatusCode} {await ErrorOf(response, ct)}");
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                var item = JsonSerializer.Deserialize<RemotePhaseLine>(line, PlanJson.Options)
                    ?? throw new GravityException($"the agent of node {nodeName} sent an empty line");
                if (item.Log is not null) context.Log(item.Log);
                if (item.Error is not null) throw new GravityException($"on node {nodeName}: {item.Error}");
                if (item.Done) return;
            }
            throw new NodeUnreachableException(nodeName, $"{agent.Authority}: the connection ended before phase {context.Phase.Id} finished there");
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return text.Length > 500 ? text[..500] : text;
    }
}
