using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Gravity.Kubernetes;

/// <summary>
/// Which resource path serves a kind, from the API's discovery documents (/api/v1, /apis/GROUP/VERSION), read once per
/// group version and again when a kind is missing (a custom resource whose definition was applied just now).
/// </summary>
public sealed class ApiResourceDiscovery(KubernetesApiConnection api)
{
    private readonly Dictionary<string, IReadOnlyList<ApiResource>> _byGroupVersion = new(StringComparer.Ordinal);

    public async Task<ApiResource?> FindAsync(string apiVersion, string kind, CancellationToken ct)
    {
        if (_byGroupVersion.TryGetValue(apiVersion, out var known) && known.FirstOrDefault(r => r.Kind == kind) is { } hit) return hit;
        var fresh = await ReadAsync(apiVersion, ct);
        _byGroupVersion[apiVersion] = fresh;
        return fresh.FirstOrDefault(r => r.Kind == kind);
    }

    public void Forget(string apiVersion) => _byGroupVersion.Remove(apiVersion);

    private async Task<IReadOnlyList<ApiResource>> ReadAsync(string apiVersion, CancellationToken ct)
    {
        var path = apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";
        try
        {
            using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), ct);
            var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
            return (list?["resources"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(r => (string?)r["name"] is { } name && !name.Contains('/'))
                .Select(r => new ApiResource(apiVersion, (string?)r["kind"] ?? "", (string)r["name"]!, (bool?)r["namespaced"] ?? false))
                .ToList();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return []; // the API serves no such group version (yet)
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
