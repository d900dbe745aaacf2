using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gravity.Testing.Kubernetes;

/// <summary>pods/NAME/log (container, follow, tailLines) from <see cref="KubernetesPodLogs"/>; eviction is <see cref="KubernetesPodEviction"/>'s.</summary>
public static class KubernetesPodSubresources
{
    private static readonly KubernetesResourceType Pods = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Pod");

    public static async Task WriteLogAsync(HttpContext context, KubernetesObjectStore store, string ns, string name)
    {
        var pod = store.Get(Pods, ns, name) ?? throw KubernetesApiError.NotFound(Pods, name);
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Concat(pod["spec"]?["initContainers"] as JsonArray ?? [])
            .Select(c => c?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var container = context.Request.Query["container"].ToString();
        if (container.Length == 0)
        {
            var main = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>()).OfType<string>().ToList();
            if (main.Count != 1)
                throw KubernetesApiError.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', main)}]");
            container = main[0];
        }
        else if (!containers.Contains(container))
            throw KubernetesApiError.BadRequest($"container {container} is not valid for pod {name}");

        var follow = context.Request.Query["follow"] == "true";
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var (text, complete, changed) = store.Logs.Read(ns, name, container);
        var offset = text.Length;
        if (int.TryParse(context.Request.Query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail))
            text = string.Join('\n', text.Split('\n').TakeLast(tail + (text.EndsWith('\n') ? 1 : 0)));
        await context.Response.WriteAsync(text, context.RequestAborted);
        while (follow && !complete && !context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try { await changed.WaitAsync(context.RequestAborted); }
            catch (OperationCanceledException) { return; }
            (text, complete, changed) = store.Logs.Read(ns, name, container, offset);
            offset += text.Length;
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }
}
