using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Operations.Upload;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Agents;

/// <summary>What a node's agent says of a version's folder it holds (GET <see cref="AgentAppClient.PathOf"/>).</summary>
public sealed record AgentAppFolderState([property: JsonPropertyName("headDigest")] string HeadDigest);

/// <summary>
/// Puts an uploaded version's folder onto another node through its agent (PUT /v1/apps/NAME/VERSION, a tar stream),
/// over mutual TLS with this node's certificate (the agent serves it to cluster nodes only), and asks first whether
/// the node holds that version already (GET), so a repeated upload sends nothing.
/// </summary>
public sealed class AgentAppClient(TlsFiles self)
{
    public static string PathOf(string name, string version) => $"/v1/apps/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}";

    /// <summary>Makes <paramref name="dir"/> (a complete version folder here) the folder of that version on the node at <paramref name="agent"/>.</summary>
    /// <returns>False when the node had it already (nothing sent).</returns>
    public async Task<bool> PutAsync(string nodeName, Uri agent, string name, string version, string dir, CancellationToken ct)
    {
        var headDigest = UploadedAppFolder.ReadHeadDigest(dir) ?? throw new GravityException($"{dir} holds no {UploadedAppFolder.HeadFile}");
        using var http = Client();
        var url = new Uri(agent, PathOf(name, version));
        using (var probe = await SendAsync(nodeName, agent, () => http.GetAsync(url, ct)))
        {
            if (probe.StatusCode == HttpStatusCode.OK
                && (await probe.Content.ReadFromJsonAsync<AgentAppFolderState>(PlanJson.Options, ct))?.HeadDigest == headDigest.ToString())
                return false;
            if (probe.StatusCode != HttpStatusCode.NotFound && probe.StatusCode != HttpStatusCode.OK)
                throw new GravityException($"the agent of node {nodeName} refused to say whether it holds {name}:{version}: {(int)probe.StatusCode} {await ErrorOf(probe, ct)}");
        }
        var content = new PushStreamContent((stream, token) => AppFolderTar.WriteAsync(dir, stream, token));
        using var response = await SendAsync(nodeName, agent, () => http.PutAsync(url, content, ct));
        if (!response.IsSuccessStatusCode)
            throw new GravityException($"the agent of node {nodeName} refused the folder of {name}:{version}: {(int)response.StatusCode} {await ErrorOf(response, ct)}");
        return true;
    }

    private HttpClient Client()
    {
        var handler = ClusterTrust.CreateHandler(self.CaPath, self);
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);
        return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
    }

    private static async Task<HttpResponseMessage> SendAsync(string nodeName, Uri agent, Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new NodeUnreachableException(nodeName, $"{agent.Authority}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex)
        {
            throw new NodeUnreachableException(nodeName, $"{agent.Authority}: no answer in time", ex);
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length > 500 ? text[..500] : text;
    }

    /// <summary>A request body written by a callback as it is sent (the folder is not held in memory).</summary>
    private sealed class PushStreamContent(Func<Stream, CancellationToken, Task> write) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => write(stream, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct) => write(stream, ct);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
