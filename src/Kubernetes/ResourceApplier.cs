using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Core;
using k8s.Autorest;

namespace Gravity.Kubernetes;

/// <summary>
/// Applies an application's objects with server-side apply under the field manager "gravity" (forcing ownership, as
/// the installer owns what it installs): namespaces and custom resource definitions first, waiting until each
/// definition is Established, then the rest in file order, with the service user's uid for `runAsUser: -1`. An object
/// the API refuses fails the whole apply naming its file and line, the object and the API's own message.
/// </summary>
public sealed class ResourceApplier(KubernetesApiConnection api, TimeProvider time)
{
    public const string FieldManager = "gravity";

    /// <summary>How long a custom resource definition may take to be Established.</summary>
    public TimeSpan EstablishTimeout { get; init; } = TimeSpan.FromMinutes(2);

    private readonly ApiResourceDiscovery _discovery = new(api);

    public async Task<int> ApplyAsync(IReadOnlyList<ApplicationObject> objects, int serviceUid, Action<string>? log = null, CancellationToken ct = default)
    {
        var (first, rest) = ApplyOrder.Split(objects);
        foreach (var o in first) await ApplyOneAsync(o, log, ct);
        foreach (var crd in first.Where(ApplyOrder.IsCrd)) await WaitEstablishedAsync(crd, log, ct);
        foreach (var o in rest)
        {
            var rewritten = ServiceUserSecurityContext.Apply(o.Body, serviceUid);
            if (rewritten > 0) log?.Invoke($"{o.Display}: runAsUser -1 is the service user ({serviceUid}) in {rewritten} place(s)");
            await ApplyOneAsync(o, log, ct);
        }
        return objects.Count;
    }

    private async Task ApplyOneAsync(ApplicationObject o, Action<string>? log, CancellationToken ct)
    {
        var resource = await _discovery.FindAsync(o.ApiVersion, o.Kind, ct)
            ?? throw new GravityException($"{o.Where}: {o.Display}: the Kubernetes API serves no kind {o.Kind} in {o.ApiVersion} (a missing CustomResourceDefinition, or a wrong apiVersion)");
        if (resource.Namespaced && o.Namespace is null) ((JsonObject)o.Body["metadata"]!)["namespace"] = "default";
        var path = $"{resource.CollectionPath(o.Namespace)}/{Uri.EscapeDataString(o.Name)}?fieldManager={FieldManager}&force=true";
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(path, UriKind.Relative))
        {
            // JSON is YAML: the body is the object as read, in the apply-patch media type.
            Content = new StringContent(o.Body.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml"),
        };
        try
        {
            using var response = await api.SendAsync(request, ct);
        }
        catch (HttpOperationException ex)
        {
            throw new GravityException($"{o.Where}: {o.Display}: the Kubernetes API refused it ({KubernetesRefusal.Describe(ex)})", ex);
        }
        log?.Invoke($"applied {o.Display}");
    }

    private async Task WaitEstablishedAsync(ApplicationObject crd, Action<string>? log, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + EstablishTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            using (var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get,
                       new Uri($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{Uri.EscapeDataString(crd.Name)}", UriKind.Relative)), ct))
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
                if ((body?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                    .Any(c => (string?)c["type"] == "Established" && (string?)c["status"] == "True"))
                {
                    // Its kinds are served now: discovery must be asked again.
                    if (crd.Body["spec"]?["group"] is { } group && crd.Body["spec"]?["versions"] is JsonArray versions)
                        foreach (var v in versions.OfType<JsonObject>()) _discovery.Forget($"{group}/{v["name"]}");
                    log?.Invoke($"{crd.Display} is established");
                    return;
                }
            }
            if (time.GetUtcNow() >= deadline)
                throw new GravityException($"{crd.Where}: {crd.Display} was not Established within {EstablishTimeout.TotalSeconds:F0} s: its custom resources cannot be applied");
            await Task.Delay(delay, time, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }
}
