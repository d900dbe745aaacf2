using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Core;
using k8s.Autorest;

namespace Gravity.Kubernetes.Nodes;

/// <summary>
/// What decides whether pods go to a node: cordon and uncordon (spec.unschedulable), taints and the node's labels. Each
/// call is idempotent and writes only when something changes. Taints are one list in the API, so a change is sent with
/// the node's resourceVersion (another writer's change in between is a conflict, read again and retried) and keeps the
/// taints others set; labels are a merge patch of the labels named only.
/// </summary>
public sealed class NodeScheduling(KubernetesApiConnection api)
{
    private const int ConflictRetries = 5;

    public Task<bool> CordonAsync(string node, CancellationToken ct = default) => SetUnschedulableAsync(node, true, ct);

    public Task<bool> UncordonAsync(string node, CancellationToken ct = default) => SetUnschedulableAsync(node, false, ct);

    /// <summary>Adds <paramref name="taint"/>, replacing a taint of the same key and effect; false when it was there already.</summary>
    public Task<bool> TaintAsync(string node, NodeTaint taint, CancellationToken ct = default) => ChangeTaintsAsync(node, taints =>
    {
        var same = taints.FindIndex(t => Is(t, taint.Key, taint.Effect));
        if (same >= 0 && (string?)taints[same]["value"] is var value && (value ?? "") == (taint.Value ?? "")) return false;
        var added = new JsonObject { ["key"] = taint.Key, ["effect"] = taint.Effect };
        if (!string.IsNullOrEmpty(taint.Value)) added["value"] = taint.Value;
        if (same >= 0) taints[same] = added; else taints.Add(added);
        return true;
    }, ct);

    /// <summary>Removes the taints of <paramref name="key"/> (of <paramref name="effect"/> only, when given); false when there were none.</summary>
    public Task<bool> UntaintAsync(string node, string key, string? effect = null, CancellationToken ct = default)
        => ChangeTaintsAsync(node, taints => taints.RemoveAll(t => (string?)t["key"] == key && (effect is null || (string?)t["effect"] == effect)) > 0, ct);

    /// <summary>Sets these labels on the node (others stay as they are); false when each had its value already.</summary>
    public async Task<bool> LabelAsync(string node, IEnumerable<KeyValuePair<string, string>> labels, CancellationToken ct = default)
    {
        var current = (await ReadAsync(node, ct))["metadata"]?["labels"] as JsonObject;
        var changed = new JsonObject();
        foreach (var (key, value) in labels)
            if ((string?)current?[key] != value) changed[key] = value;
        if (changed.Count == 0) return false;
        await PatchAsync(node, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = changed } }, ct);
        return true;
    }

    /// <summary>The node as the API has it; a missing node fails naming it.</summary>
    public async Task<JsonObject> ReadAsync(string node, CancellationToken ct = default)
        => await TryReadAsync(node, ct) ?? throw new GravityException($"Kubernetes has no node {node} (its kubelet has not registered it, or it was deleted)");

    /// <summary>The node, or null when Kubernetes has none of that name.</summary>
    public async Task<JsonObject?> TryReadAsync(string node, CancellationToken ct = default)
    {
        try
        {
            using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, Path(node)), ct);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject
                ?? throw new GravityException($"the Kubernetes API answered node {node} with something that is not an object");
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException ex)
        {
            throw new GravityException($"cannot read Kubernetes node {node}: {KubernetesRefusal.Describe(ex)}", ex);
        }
    }

    private async Task<bool> SetUnschedulableAsync(string node, bool unschedulable, CancellationToken ct)
    {
        var current = (await ReadAsync(node, ct))["spec"]?["unschedulable"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        if (current == unschedulable) return false;
        // false is the API's default, so uncordon removes the field, as kubectl uncordon does.
        await PatchAsync(node, new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable ? true : null } }, ct);
        return true;
    }

    private async Task<bool> ChangeTaintsAsync(string node, Func<List<JsonObject>, bool> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var live = await ReadAsync(node, ct);
            var taints = (live["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Select(t => (JsonObject)t.DeepClone()).ToList();
            if (!change(taints)) return false;
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = live["metadata"]?["resourceVersion"]?.DeepClone() },
                ["spec"] = new JsonObject { ["taints"] = new JsonArray([.. taints]) },
            };
            try
            {
                await PatchAsync(node, patch, ct);
                return true;
            }
            catch (NodeConflictException) when (attempt < ConflictRetries)
            {
                // Another writer changed the node between our read and write: read it again.
            }
        }
    }

    private async Task PatchAsync(string node, JsonObject patch, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, Path(node))
        {
            Content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"),
        };
        try
        {
            using var _ = await api.SendAsync(request, ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new NodeConflictException($"Kubernetes node {node} changed while it was written ({KubernetesRefusal.Describe(ex)})", ex);
        }
        catch (HttpOperationException ex)
        {
            throw new GravityException($"cannot change Kubernetes node {node}: {KubernetesRefusal.Describe(ex)}", ex);
        }
    }

    private static bool Is(JsonObject taint, string key, string effect) => (string?)taint["key"] == key && (string?)taint["effect"] == effect;

    private static Uri Path(string node) => new($"api/v1/nodes/{Uri.EscapeDataString(node)}", UriKind.Relative);

    private sealed class NodeConflictException(string message, Exception inner) : GravityException(message, inner);
}
