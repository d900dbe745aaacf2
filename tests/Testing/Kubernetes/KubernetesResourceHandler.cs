using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gravity.Testing.Kubernetes;

/// <summary>The verbs on a resource URL: get, list, watch, create, update, patch (four kinds), delete, deletecollection.</summary>
public sealed class KubernetesResourceHandler(KubernetesObjectStore store, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, KubernetesRequestPath target)
    {
        var request = context.Request;
        var dryRun = request.Query["dryRun"] == "All";
        var (type, ns, name, sub) = (target.Type, target.Namespace, target.Name, target.Subresource);
        switch (request.Method, name, sub)
        {
            case ("GET", null, _) when request.Query["watch"] is ["true"] or ["1"]:
                await KubernetesWatchStream.WriteAsync(context, store, target, Filter(request));
                return;
            case ("GET", null, _):
                await WriteAsync(context, 200, ListOf(type, store.List(type, ns, Filter(request))));
                return;
            case ("POST", null, null):
            {
                var body = KubernetesObjectRules.Normalize(type, ns, null, await KubernetesRequestBody.ReadAsync(request.Body, context.RequestAborted));
                await WriteAsync(context, 201, Served(type, store.Create(type, ns, body, dryRun)));
                return;
            }
            case ("DELETE", null, null):
            {
                var deleted = store.List(type, ns, Filter(request)).Items
                    .Select(o => store.Delete(type, ns ?? Namespace(o), o["metadata"]!["name"]!.GetValue<string>(), dryRun)).ToList();
                await WriteAsync(context, 200, ListOf(type, (deleted, store.CurrentResourceVersion)));
                return;
            }
            case ("GET", not null, null or "status"):
                await WriteAsync(context, 200, Served(type, store.Get(type, ns, name) ?? throw KubernetesApiError.NotFound(type, name)));
                return;
            case ("GET", not null, "log"):
                await KubernetesPodSubresources.WriteLogAsync(context, store, ns!, name);
                return;
            case ("POST", not null, "eviction"):
                await WriteAsync(context, 201, KubernetesPodEviction.Evict(store, ns!, name, await KubernetesRequestBody.ReadAsync(request.Body, context.RequestAborted), dryRun));
                return;
            case ("PUT", not null, null or "status"):
            {
                var body = KubernetesObjectRules.Normalize(type, ns, name, await KubernetesRequestBody.ReadAsync(request.Body, context.RequestAborted));
                var live = store.Get(type, ns, name) ?? throw KubernetesApiError.NotFound(type, name);
                await WriteAsync(context, 200, Served(type, store.Update(type, ns, name, Scoped(type, sub, live, body), dryRun)));
                return;
            }
            case ("PATCH", not null, null or "status"):
                await PatchAsync(context, target, dryRun);
                return;
            case ("DELETE", not null, null):
            {
                var live = store.Get(type, ns, name) ?? throw KubernetesApiError.NotFound(type, name);
                var options = await CheckPreconditionsAsync(context, type, live);
                var propagation = request.Query["propagationPolicy"].FirstOrDefault() ?? options?["propagationPolicy"]?.GetValue<string>();
                var deleted = store.Delete(type, ns, name, dryRun, foreground: propagation == "Foreground");
                if (deleted["metadata"]!["deletionTimestamp"] is not null && type != KubernetesBuiltInTypes.Namespace)
                {
                    // Kept until its dependents are gone: the API answers with the object, as the real one does.
                    await WriteAsync(context, 200, Served(type, deleted));
                    return;
                }
                await WriteAsync(context, 200, new JsonObject
                {
                    ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success",
                    ["details"] = new JsonObject
                    {
                        ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural, ["uid"] = deleted["metadata"]!["uid"]!.DeepClone(),
                    },
                });
                return;
            }
            default:
                throw new KubernetesApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({request.Method} {request.Path})");
        }
    }

    private async Task PatchAsync(HttpContext context, KubernetesRequestPath target, bool dryRun)
    {
        var (type, ns, name, sub) = (target.Type, target.Namespace, target.Name!, target.Subresource);
        var request = context.Request;
        var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
        var patch = await KubernetesRequestBody.ReadAsync(request.Body, context.RequestAborted);
        var live = store.Get(type, ns, name);
        if (contentType == "application/apply-patch+yaml")
        {
            var manager = request.Query["fieldManager"].ToString();
            if (manager.Length == 0) throw KubernetesApiError.BadRequest("PATCH requests with apply content type require fieldManager");
            var applied = KubernetesObjectRules.Normalize(type, ns, name, patch);
            var result = KubernetesServerSideApply.Apply(live, applied, manager, request.Query["force"] == "true",
                includeStatus: sub == "status" || !type.HasStatus, time.GetUtcNow(), why => KubernetesApiError.Conflict(type, name, why));
            if (live is null)
            {
                if (sub is not null) throw KubernetesApiError.NotFound(type, name);
                await WriteAsync(context, 201, Served(type, store.Create(type, ns, result, dryRun)));
                return;
            }
            var scoped = Scoped(type, sub, live, result);
            ((JsonObject)scoped["metadata"]!)["managedFields"] = result["metadata"]!["managedFields"]!.DeepClone();
            await WriteAsync(context, 200, Served(type, store.Update(type, ns, name, scoped, dryRun)));
            return;
        }
        if (live is null) throw KubernetesApiError.NotFound(type, name);
        var custom = KubernetesBuiltInTypes.All.All(t => t.StoreKey != type.StoreKey);
        JsonNode patched = contentType switch
        {
            "application/merge-patch+json" => KubernetesPatches.MergePatch(live, patch, strategic: false)!,
            "application/strategic-merge-patch+json" when !custom => KubernetesPatches.MergePatch(live, patch, strategic: true)!,
            "application/json-patch+json" when patch is JsonArray operations =>
                KubernetesPatches.JsonPatch(live, operations, why => KubernetesApiError.Invalid(type, name, why)),
            "application/json-patch+json" => throw KubernetesApiError.BadRequest("a json patch must be a JSON array of operations"),
            _ => throw new KubernetesApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml{(custom ? "" : ", application/strategic-merge-patch+json")}"),
        };
        var candidate = KubernetesObjectRules.Normalize(type, ns, name, patched);
        await WriteAsync(context, 200, Served(type, store.Update(type, ns, name, Scoped(type, sub, live, candidate), dryRun)));
    }

    /// <summary>
    /// A write to the status subresource changes only status; a write to the object itself changes all but status (for
    /// kinds that have a status subresource). The candidate's resourceVersion is kept as the write's precondition.
    /// </summary>
    private static JsonObject Scoped(KubernetesResourceType type, string? sub, JsonObject live, JsonObject candidate)
    {
        if (sub == "status")
        {
            var result = (JsonObject)live.DeepClone();
            result["status"] = candidate["status"]?.DeepClone();
            result["metadata"]!["resourceVersion"] = candidate["metadata"]?["resourceVersion"]?.DeepClone();
            return result;
        }
        if (type.HasStatus)
        {
            candidate.Remove("status");
            if (live["status"] is { } status) candidate["status"] = status.DeepClone();
        }
        return candidate;
    }

    /// <summary>The request's DeleteOptions (null without a body), after checking their preconditions.</summary>
    private static async Task<JsonNode?> CheckPreconditionsAsync(HttpContext context, KubernetesResourceType type, JsonObject live)
    {
        if (context.Request.ContentLength is null or 0 && !context.Request.Headers.TransferEncoding.Any()) return null;
        JsonNode options;
        try { options = await KubernetesRequestBody.ReadAsync(context.Request.Body, context.RequestAborted); }
        catch (KubernetesApiError e) when (e.Code == 400) { return null; }   // an empty body: no options
        var name = live["metadata"]!["name"]!.GetValue<string>();
        if (options["preconditions"]?["uid"]?.GetValue<string>() is { } uid && uid != live["metadata"]!["uid"]!.GetValue<string>())
            throw KubernetesApiError.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {live["metadata"]!["uid"]}");
        if (options["preconditions"]?["resourceVersion"]?.GetValue<string>() is { } rv && rv != live["metadata"]!["resourceVersion"]!.GetValue<string>())
            throw KubernetesApiError.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {live["metadata"]!["resourceVersion"]}");
        return options;
    }

    private static Func<JsonObject, bool> Filter(HttpRequest request) =>
        KubernetesSelector.Parse(request.Query["labelSelector"], request.Query["fieldSelector"]);

    private static JsonObject ListOf(KubernetesResourceType type, (IReadOnlyList<JsonObject> Items, string ResourceVersion) list) => new()
    {
        ["kind"] = type.Kind + "List",
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = list.ResourceVersion },
        ["items"] = new JsonArray(list.Items.Select(i => (JsonNode?)Served(type, i)).ToArray()),
    };

    /// <summary>An object as the version asked for serves it: objects of all versions of a kind are one set.</summary>
    public static JsonObject Served(KubernetesResourceType type, JsonObject obj)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    private static string? Namespace(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>();

    public static async Task WriteAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
