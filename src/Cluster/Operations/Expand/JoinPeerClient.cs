using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// The joining node's client of a cluster node's join API (https://PEER, the agent's port). The first call fetches
/// the cluster CA with a proof that the peer knows the join token (<see cref="JoinProof"/>); every call after that
/// trusts exactly that CA, so the token and the node's key material never reach a machine that is not the cluster's.
/// </summary>
public sealed class JoinPeerClient : IDisposable
{
    public const string CaPath = "/v1/join/ca";
    public const string StartPath = "/v1/join";
    /// <summary>The gravity binary, for holders of the join token.</summary>
    public const string GravityPath = "/v1/join/gravity";
    public static string CertificatePath(string operationId) => $"/v1/join/{operationId}/certificate";
    public static string AppPath(string operationId) => $"/v1/join/{operationId}/app";
    /// <summary>The most the application folder a join downloads may hold (app.yaml, the head and the resources).</summary>
    public const long MaxAppBytes = 256L << 20;

    private readonly HttpClient _http;

    private JoinPeerClient(Uri peer, string caPem)
    {
        Peer = peer;
        CaPem = caPem;
        var ca = X509Certificate2.CreateFromPem(caPem);
        _http = new HttpClient(Handler((_, cert, _, errors) => cert is not null && ClusterTrust.ChainsTo(ca, new X509Certificate2(cert), errors)))
        {
            BaseAddress = peer,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public Uri Peer { get; }
    public string CaPem { get; }

    /// <summary>PEER as the user gives it (ADDR or ADDR:PORT; the agent's port by default).</summary>
    public static Uri PeerUrl(string peer, int defaultPort)
    {
        var text = peer.Contains("://", StringComparison.Ordinal) ? peer : "https://" + peer;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
            throw new GravityException($"peer \"{peer}\": give the address of a cluster node as ADDR or ADDR:PORT");
        return new UriBuilder(uri) { Port = HasExplicitPort(text) ? uri.Port : defaultPort }.Uri;
    }

    /// <summary>Whether the authority of <paramref name="url"/> names a port (Uri cannot tell ":443" from none for https).</summary>
    private static bool HasExplicitPort(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var authority = rest.Split('/', 2)[0];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        return authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) >= 0 : authority.Contains(':');
    }

    /// <summary>Fetches the cluster CA from <paramref name="peer"/> and checks the peer's proof of the token.</summary>
    /// <param name="pinnedCaPem">The CA a resumed join trusted already: the peer must still present it.</param>
    public static async Task<JoinPeerClient> ConnectAsync(Uri peer, string joinToken, string? pinnedCaPem = null, CancellationToken ct = default)
    {
        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        // The CA is not known yet: this one call accepts any certificate, and nothing secret travels on it.
        using var anyCert = new HttpClient(Handler((_, _, _, _) => true)) { BaseAddress = peer, Timeout = TimeSpan.FromSeconds(30) };
        JoinCaResponse? answer;
        using (var response = await SendAsync(peer, () => anyCert.GetAsync($"{CaPath}?nonce={nonce}", ct)))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new GravityException($"{peer.Authority} is not a node of a gravity cluster (it does not serve {CaPath})");
            await EnsureSuccessAsync(peer, response, ct);
            answer = await ReadJsonAsync<JoinCaResponse>(peer, response, ct);
        }
        if (!(answer.Proofs ?? [answer.Proof]).Any(proof => JoinProof.Verify(joinToken, nonce, answer.CaPem, proof)))
            throw new JoinRefusedException(JoinRefusal.BadToken, $"{JoinRefusedException.BadTokenMessage}: {peer.Authority} does not know this token (a wrong token, or a node of another cluster)");
        if (pinnedCaPem is not null && pinnedCaPem.Trim() != answer.CaPem.Trim())
            throw new GravityException($"{peer.Authority} presents another cluster CA than the one this join started with");
        return new JoinPeerClient(peer, answer.CaPem);
    }

    public async Task<JoinStartResponse> StartAsync(string joinToken, JoinStartRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, StartPath) { Content = JsonContent.Create(request, options: PlanJson.Options) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", joinToken);
        using var response = await SendAsync(Peer, () => _http.SendAsync(message, ct));
        await EnsureSuccessAsync(Peer, response, ct);
        return await ReadJsonAsync<JoinStartResponse>(Peer, response, ct);
    }

    public async Task<JoinCertificateResponse> SignAsync(string operationId, string operationToken, JoinCertificateRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, CertificatePath(operationId)) { Content = JsonContent.Create(request, options: PlanJson.Options) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operationToken);
        using var response = await SendAsync(Peer, () => _http.SendAsync(message, ct));
        await EnsureSuccessAsync(Peer, response, ct);
        return await ReadJsonAsync<JoinCertificateResponse>(Peer, response, ct);
    }

    /// <summary>Ends the expand operation on the cluster's side before this node changed anything.</summary>
    public async Task CancelAsync(string operationId, string operationToken, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, $"/v1/join/{operationId}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operationToken);
        using var response = await SendAsync(Peer, () => _http.SendAsync(message, ct));
        await EnsureSuccessAsync(Peer, response, ct);
    }

    /// <summary>Downloads the installed application's folder (a tar stream) into <paramref name="targetDir"/>, which is replaced atomically.</summary>
    public async Task DownloadAppAsync(string operationId, string operationToken, string targetDir, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, AppPath(operationId));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operationToken);
        using var response = await SendAsync(Peer, () => _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct));
        await EnsureSuccessAsync(Peer, response, ct);
        var staging = targetDir + ".part";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        await using (var body = await response.Content.ReadAsStreamAsync(ct))
        await using (var tar = new TarReader(body))
        {
            long total = 0;
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory) continue;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    throw new GravityException($"{Peer.Authority} sent {entry.Name} in the application, which is not a regular file");
                total += entry.Length;
                if (total > MaxAppBytes) throw new GravityException($"{Peer.Authority} sent more than {ByteSize.Format(MaxAppBytes)} of application files");
                var target = ArchivePath.Resolve(staging, entry.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                await entry.DataStream.CopyToAsync(output, ct);
            }
        }
        if (Directory.Exists(targetDir)) Directory.Delete(targetDir, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(targetDir)!);
        Directory.Move(staging, targetDir);
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler Handler(RemoteCertificateValidationCallback validate) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate },
    };

    private static async Task<HttpResponseMessage> SendAsync(Uri peer, Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new GravityException($"cannot reach the cluster node {peer.Authority}: {ex.Message} (is it a node of the cluster, and does its agent run?)", ex);
        }
        catch (TaskCanceledException ex)
        {
            throw new GravityException($"the cluster node {peer.Authority} did not answer in time", ex);
        }
    }

    private static async Task EnsureSuccessAsync(Uri peer, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(ct);
        var error = TryError(text) ?? (text.Length > 300 ? text[..300] : text);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new JoinRefusedException(JoinRefusal.BadToken, error.Length > 0 ? error : JoinRefusedException.BadTokenMessage);
        throw new GravityException($"{peer.Authority} refused the join: {error} ({(int)response.StatusCode})");
    }

    private static string? TryError(string text)
    {
        try { return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }

    private static async Task<T> ReadJsonAsync<T>(Uri peer, HttpResponseMessage response, CancellationToken ct) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(PlanJson.Options, ct)
                ?? throw new GravityException($"{peer.Authority} sent an empty answer");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new GravityException($"{peer.Authority} sent an answer that is not a join message: {ex.Message}", ex);
        }
    }
}
