using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Oci;

namespace Gravity.Cluster.Agents;

/// <summary>What a node agent answers when it has started its update agent.</summary>
public sealed record UpdateAgentDeployed(string Node, Uri Url);

/// <summary>
/// Asks a node's agent (mutual TLS with this node's certificate) to start its update agent with a given gravity
/// binary, streamed and named by its digest, or to stop it.
/// </summary>
public sealed class UpdateAgentClient(TlsFiles self)
{
    public const string DeployPath = "/v1/update-agent";
    public const string StopPath = "/v1/update-agent/stop";
    public const string DigestHeader = "X-Gravity-Binary-Digest";

    /// <param name="binary">The gravity binary the update agent runs (null: the node's own, for builds that are not a single file).</param>
    public async Task<UpdateAgentDeployed> DeployAsync(string node, Uri agent, int port, string? binary, CancellationToken ct)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, $"{DeployPath}?port={port.ToString(CultureInfo.InvariantCulture)}"));
        await using var body = binary is null ? null : File.OpenRead(binary);
        if (body is not null)
        {
            request.Headers.Add(DigestHeader, (await Digest.ComputeAsync(body, ct)).ToString());
            body.Position = 0;
            request.Content = new StreamContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content.Headers.ContentLength = body.Length;
        }
        else request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(http, request, node, agent, ct);
        return await response.Content.ReadFromJsonAsync<UpdateAgentDeployed>(PlanJson.Options, ct)
               ?? throw new GravityException($"the agent of node {node} answered the deploy with nothing");
    }

    public async Task StopAsync(string node, Uri agent, CancellationToken ct)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, StopPath)) { Content = new ByteArrayContent([]) };
        using var response = await SendAsync(http, request, node, agent, ct);
    }

    // Sending a binary of tens of MB to a busy node takes a while; connecting does not.
    private HttpClient Client()
    {
        var handler = ClusterTrust.CreateHandler(self.CaPath, self);
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromMinutes(5) };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string node, Uri agent, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new GravityException($"cannot reach the agent of node {node} at {agent.Authority}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new GravityException($"the agent of node {node} at {agent.Authority} did not answer in time", ex);
        }
        if (response.IsSuccessStatusCode) return response;
        var text = await response.Content.ReadAsStringAsync(ct);
        response.Dispose();
        throw new GravityException($"the agent of node {node} refused: {(int)response.StatusCode} {(text.Length > 500 ? text[..500] : text)}");
    }
}
