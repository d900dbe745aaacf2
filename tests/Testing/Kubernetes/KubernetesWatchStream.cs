using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// A watch request (?watch=true): newline-delimited JSON events {"type","object"} streamed until the client goes,
/// timeoutSeconds passes or the server stops. A resourceVersion the history no longer reaches is an ERROR event with
/// a 410 Expired Status, as the real server sends it.
/// </summary>
public static class KubernetesWatchStream
{
    public static async Task WriteAsync(HttpContext context, KubernetesObjectStore store, KubernetesRequestPath target, Func<JsonObject, bool> filter)
    {
        var request = context.Request;
        var response = context.Response;
        // client-go's WatchListClient (on in kubectl 1.35): the current objects, then a bookmark marking their end.
        var initialEvents = request.Query["sendInitialEvents"] == "true";
        KubernetesWatch watch;
        try
        {
            watch = store.Watch(target.Type, target.Namespace, initialEvents ? null : request.Query["resourceVersion"].ToString(), filter);
        }
        catch (KubernetesApiError e) when (e.Code == 410)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() }.ToJsonString() + "\n", context.RequestAborted);
            return;
        }
        using var _ = watch;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(request.Query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        try
        {
            var sent = 0;
            if (initialEvents && watch.InitialEvents == 0) await WriteBookmarkAsync(response, target.Type, watch.StartResourceVersion, stop.Token);
            await foreach (var e in watch.Events.ReadAllAsync(stop.Token))
            {
                var obj = KubernetesResourceHandler.Served(target.Type, (JsonObject)e.Object.DeepClone());
                await response.WriteAsync(new JsonObject { ["type"] = e.Type, ["object"] = obj }.ToJsonString() + "\n", stop.Token);
                await response.Body.FlushAsync(stop.Token);
                if (initialEvents && ++sent == watch.InitialEvents) await WriteBookmarkAsync(response, target.Type, watch.StartResourceVersion, stop.Token);
            }
        }
        catch (OperationCanceledException) { }   // the client went away or the timeout passed: the stream just ends
    }

    private static async Task WriteBookmarkAsync(HttpResponse response, KubernetesResourceType type, string resourceVersion, CancellationToken ct)
    {
        var bookmark = new JsonObject
        {
            ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = resourceVersion,
                ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
            },
        };
        await response.WriteAsync(new JsonObject { ["type"] = "BOOKMARK", ["object"] = bookmark }.ToJsonString() + "\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
