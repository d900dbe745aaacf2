using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The PATCH content types: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and a simplified strategic merge patch:
/// a JSON merge patch where a list of objects that all have a "name" (containers, env, volumes, ports with names...) is
/// merged item by item on that name, and the directives kubectl writes ($setElementOrder, $retainKeys,
/// $deleteFromPrimitiveList, "$patch": delete/replace) are honoured or dropped. Every other list is replaced whole (the
/// real server reads each field's patchMergeKey from the Go types).
/// </summary>
public static class KubernetesPatches
{
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch, bool strategic)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        if (strategic && patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        foreach (var (key, value) in patchObject)
        {
            if (strategic && key.StartsWith('$'))
            {
                if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) && result[key[25..]] is JsonArray list && value is JsonArray gone)
                {
                    var remove = gone.Select(g => g?.ToJsonString()).ToHashSet();
                    result[key[25..]] = new JsonArray(list.Where(i => !remove.Contains(i?.ToJsonString())).Select(i => i?.DeepClone()).ToArray());
                }
                continue;   // $setElementOrder, $retainKeys: order and retention are not modelled
            }
            if (value is null) result.Remove(key);
            else if (strategic && value is JsonArray items && result[key] is JsonArray current && NamedItems(items) && NamedItems(current))
                result[key] = MergeNamedList(current, items);
            else result[key] = MergePatch(result[key], value, strategic);
        }
        return result;
    }

    private static bool NamedItems(JsonArray list) => list.All(i => i is JsonObject o && o["name"] is JsonValue);

    private static JsonArray MergeNamedList(JsonArray current, JsonArray patch)
    {
        var merged = current.Select(i => (JsonObject)i!.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var name = item["name"]!.ToJsonString();
            var index = merged.FindIndex(m => m["name"]!.ToJsonString() == name);
            if (item["$patch"]?.GetValue<string>() == "delete") { if (index >= 0) merged.RemoveAt(index); continue; }
            if (index >= 0) merged[index] = (JsonObject)MergePatch(merged[index], item, strategic: true)!;
            else merged.Add((JsonObject)MergePatch(null, item, strategic: true)!);
        }
        return new JsonArray(merged.Cast<JsonNode?>().ToArray());
    }

    /// <summary>RFC 6902: add, remove, replace, move, copy, test; a failed test or a missing path is a 422.</summary>
    public static JsonNode JsonPatch(JsonNode target, JsonArray operations, Func<string, KubernetesApiError> invalid)
    {
        var document = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>();
            var path = op["path"]?.GetValue<string>() ?? throw invalid("json patch: an operation has no path");
            switch (kind)
            {
                case "add": document = Add(document, path, op["value"]?.DeepClone(), invalid); break;
                case "remove": Remove(document, path, invalid); break;
                case "replace": Remove(document, path, invalid); document = Add(document, path, op["value"]?.DeepClone(), invalid); break;
                case "move":
                {
                    var from = op["from"]?.GetValue<string>() ?? throw invalid("json patch: move without from");
                    var value = Get(document, from, invalid)?.DeepClone();
                    Remove(document, from, invalid);
                    document = Add(document, path, value, invalid);
                    break;
                }
                case "copy":
                {
                    var from = op["from"]?.GetValue<string>() ?? throw invalid("json patch: copy without from");
                    document = Add(document, path, Get(document, from, invalid)?.DeepClone(), invalid);
                    break;
                }
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path, invalid), op["value"])) throw invalid($"json patch: test failed at {path}");
                    break;
                default: throw invalid($"json patch: unknown operation \"{kind}\"");
            }
        }
        return document;
    }

    private static string[] Pointer(string path) =>
        path.Length == 0 ? [] : path[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static JsonNode? Get(JsonNode document, string path, Func<string, KubernetesApiError> invalid)
    {
        JsonNode? node = document;
        foreach (var segment in Pointer(path))
            node = node switch
            {
                JsonObject o when o.ContainsKey(segment) => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw invalid($"json patch: path {path} does not exist"),
            };
        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value, Func<string, KubernetesApiError> invalid)
    {
        var segments = Pointer(path);
        if (segments.Length == 0) return value ?? throw invalid("json patch: null document");
        var parent = Get(document, "/" + string.Join('/', segments[..^1].Select(s => s.Replace("~", "~0").Replace("/", "~1"))), invalid);
        if (segments.Length == 1) parent = document;
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count: a.Insert(i, value); break;
            default: throw invalid($"json patch: cannot add at {path}");
        }
        return document;
    }

    private static void Remove(JsonNode document, string path, Func<string, KubernetesApiError> invalid)
    {
        var segments = Pointer(path);
        if (segments.Length == 0) throw invalid("json patch: cannot remove the document");
        var parent = segments.Length == 1 ? document
            : Get(document, "/" + string.Join('/', segments[..^1].Select(s => s.Replace("~", "~0").Replace("/", "~1"))), invalid);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o.Remove(last); break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count: a.RemoveAt(i); break;
            default: throw invalid($"json patch: path {path} does not exist");
        }
    }
}
