using System.Net.Http.Json;
using System.Security.Cryptography;
using Gravity.Cluster.Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gravity.Cluster.Etcd;

/// <summary>
/// A small etcd v3 client over its JSON gateway (POST /v3/kv/put, /v3/kv/range, /v3/kv/deleterange; keys and values
/// travel base64-encoded; 64-bit numbers as strings). The cluster's code uses <see cref="EtcdGrpcClient"/> (faster, and
/// the only one with watches and leases: see docs/runtime.md); this one stays for etcd's /health, which gRPC does not serve.
/// </summary>
public sealed class EtcdClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public EtcdClient(EtcdClientOptions options)
    {
        Endpoint = options.Endpoint;
        _http = new HttpClient(CreateHandler(options)) { Timeout = options.Timeout };
        _ownsHttp = true;
    }

    public EtcdClient(Uri endpoint, HttpClient http)
    {
        Endpoint = endpoint;
        _http = http;
    }

    public Uri Endpoint { get; }

    public async Task PutAsync(string key, string value, CancellationToken ct = default)
    {
        await PostAsync("/v3/kv/put", new JsonObject { ["key"] = B64(key), ["value"] = B64(value) }, ct);
    }

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        var kvs = await RangeAsync(new JsonObject { ["key"] = B64(key) }, ct);
        return kvs.Count == 0 ? null : kvs[0].Value;
    }

    /// <summary>Every key starting with <paramref name="prefix"/>, in key order.</summary>
    public Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken ct = default) =>
        RangeAsync(new JsonObject { ["key"] = B64(prefix), ["range_end"] = B64(PrefixEnd(prefix)) }, ct);

    public async Task<long> DeleteAsync(string key, CancellationToken ct = default)
    {
        var r = await PostAsync("/v3/kv/deleterange", new JsonObject { ["key"] = B64(key) }, ct);
        return ReadLong(r["deleted"]);
    }

    public async Task<long> DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        var r = await PostAsync("/v3/kv/deleterange", new JsonObject { ["key"] = B64(prefix), ["range_end"] = B64(PrefixEnd(prefix)) }, ct);
        return ReadLong(r["deleted"]);
    }

    /// <summary>True when etcd's /health says so.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(Endpoint, "/health"), ct);
            if (!response.IsSuccessStatusCode) return false;
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return body?["health"]?.ToString() == "true";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<EtcdKeyValue>> RangeAsync(JsonObject request, CancellationToken ct)
    {
        var r = await PostAsync("/v3/kv/range", request, ct);
        if (r["kvs"] is not JsonArray kvs) return [];
        return kvs.OfType<JsonObject>()
            .Select(kv => new EtcdKeyValue(FromB64(kv["key"]), FromB64(kv["value"]), ReadLong(kv["mod_revision"])))
            .ToList();
    }

    private async Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(new Uri(Endpoint, path),
                new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new EtcdException($"etcd at {Endpoint} is not reachable: {ex.Message}", ex);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonObject? json = null;
            try { json = JsonNode.Parse(text) as JsonObject; } catch (JsonException) { }
            if (!response.IsSuccessStatusCode || json is null || json["error"] is not null)
            {
                var message = json?["message"]?.ToString() ?? json?["error"]?.ToString() ?? text;
                throw new EtcdException($"etcd {path} at {Endpoint} failed ({(int)response.StatusCode}): {message}");
            }
            return json;
        }
    }

    /// <summary>The smallest key greater than every key with this prefix (etcd's range_end for a prefix query).</summary>
    internal static byte[] PrefixEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] == 0xff) continue;
            bytes[i]++;
            return bytes[..(i + 1)];
        }
        return [0]; // every key
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static string FromB64(JsonNode? node) => node is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(node.ToString()));

    private static long ReadLong(JsonNode? node) => node is null ? 0 : long.Parse(node.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    internal static SocketsHttpHandler CreateHandler(EtcdClientOptions options)
    {
        if (options.CaCertificatePath is null)
        {
            if (options.ClientCertificatePath is not null) throw new EtcdException("a client certificate for etcd needs the CA certificate too");
            return new SocketsHttpHandler();
        }
        var client = options.ClientCertificatePath is not null || options.ClientKeyPath is not null
            ? new TlsFiles(options.ClientCertificatePath ?? throw new EtcdException("the etcd client key needs its certificate"),
                options.ClientKeyPath ?? throw new EtcdException("the etcd client certificate needs its key"), options.CaCertificatePath)
            : null;
        try { return ClusterTrust.CreateHandler(options.CaCertificatePath, client); }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new EtcdException($"cannot load the etcd client credentials ({options.CaCertificatePath}, {options.ClientCertificatePath}): {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
