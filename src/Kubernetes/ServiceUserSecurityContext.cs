using System.Text.Json.Nodes;

namespace Gravity.Kubernetes;

/// <summary>
/// The guide's service-user rule: `runAsUser: -1` in a securityContext (pod or container, in any template of any
/// kind) means "the cluster's service user", whose uid is known only at install. Rewritten in every securityContext
/// mapping wherever it appears, so Deployments, Jobs, CronJobs and custom kinds with pod templates are all covered.
/// </summary>
public static class ServiceUserSecurityContext
{
    /// <returns>How many places were rewritten.</returns>
    public static int Apply(JsonNode? node, int serviceUid)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map.ToList())
                {
                    if (key == "securityContext" && value is JsonObject context && IsMinusOne(context["runAsUser"]))
                    {
                        context["runAsUser"] = serviceUid;
                        count++;
                    }
                    count += Apply(value, serviceUid);
                }
                break;
            case JsonArray array:
                foreach (var item in array) count += Apply(item, serviceUid);
                break;
        }
        return count;
    }

    private static bool IsMinusOne(JsonNode? value) => value is JsonValue v && v.TryGetValue<long>(out var n) && n == -1;
}
