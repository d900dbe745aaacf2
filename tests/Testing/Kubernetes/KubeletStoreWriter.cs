using System.Globalization;
using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>How the kubelet test double writes pods and jobs into the store: read, change, write, again on a conflict.</summary>
public sealed class KubeletStoreWriter(KubernetesObjectStore store, TimeProvider time)
{
    public static readonly KubernetesResourceType Pods = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Pod");
    public static readonly KubernetesResourceType Jobs = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Job");

    public KubernetesObjectStore Store { get; } = store;

    public string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Applies <paramref name="change"/> to the current object; false when it is gone (deleted meanwhile).</summary>
    public bool Change(KubernetesResourceType type, string ns, string name, Action<JsonObject> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Store.Get(type, ns, name) is not { } current) return false;
            change(current);
            try
            {
                Store.Update(type, ns, name, current);
                return true;
            }
            catch (KubernetesApiError e) when (e.Code == 409 && attempt < 20) { }
            catch (KubernetesApiError e) when (e.Code == 404) { return false; }
        }
    }

    /// <summary>The object's status, created when it has none.</summary>
    public static JsonObject Status(JsonObject obj) => obj["status"] as JsonObject ?? (JsonObject)(obj["status"] = new JsonObject());

    public JsonObject Condition(string type, string? reason = null, string? message = null)
    {
        var now = Now();
        var condition = new JsonObject { ["type"] = type, ["status"] = "True", ["lastProbeTime"] = now, ["lastTransitionTime"] = now };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }
}
