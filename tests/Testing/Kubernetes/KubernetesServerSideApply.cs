using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Server-side apply, simplified. A manager's applied configuration is merged into the live object (maps merge key by
/// key, lists and scalars are replaced whole: every list is atomic); the manager owns the leaf fields it applied. A field
/// another apply manager owns with a different value is a conflict (409) unless force, which moves its ownership. Fields
/// the manager applied before and no longer applies are removed unless another apply manager owns them. Writes other
/// than apply (create, update, merge patches) take no ownership. managedFields holds one Apply entry per manager whose
/// fieldsV1 lists its leaves ("f:" keys only: no "k:"/"v:" list item keys, since lists are atomic).
/// </summary>
public static class KubernetesServerSideApply
{
    private static readonly string[] TopLevelIgnored = ["apiVersion", "kind"];
    private static readonly string[] MetadataIgnored =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp"];

    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, bool includeStatus,
        DateTimeOffset now, Func<string, KubernetesApiError> conflict)
    {
        var config = (JsonObject)applied.DeepClone();
        if (!includeStatus) config.Remove("status");
        var leaves = Leaves(config).Where(p => !Ignored(p)).ToList();
        var owners = live is null ? new Dictionary<string, List<string[]>>() : Owners(live);
        var result = live is null ? new JsonObject() : (JsonObject)live.DeepClone();

        var conflicts = new List<(string Manager, string[] Path)>();
        foreach (var path in leaves)
            foreach (var (other, owned) in owners)
                if (other != manager && owned.Any(o => o.SequenceEqual(path)) && !JsonNode.DeepEquals(At(result, path), At(config, path)))
                    conflicts.Add((other, path));
        if (conflicts.Count > 0 && !force)
            throw conflict($"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: " +
                string.Join("; ", conflicts.Select(c => $"conflict with \"{c.Manager}\": {Display(c.Path)}")));
        foreach (var (other, path) in conflicts) owners[other].RemoveAll(o => o.SequenceEqual(path));

        foreach (var gone in owners.GetValueOrDefault(manager) ?? [])
            if (!leaves.Any(l => l.SequenceEqual(gone)) && !owners.Any(o => o.Key != manager && o.Value.Any(p => p.SequenceEqual(gone))))
                RemoveAt(result, gone);
        owners[manager] = leaves;

        Merge(result, config);
        var metadata = (JsonObject)result["metadata"]!;
        var entries = new JsonArray();
        foreach (var entry in live?["metadata"]?["managedFields"] as JsonArray ?? [])
            if (entry?["operation"]?.GetValue<string>() != "Apply") entries.Add(entry!.DeepClone());
        foreach (var (name, owned) in owners.Where(o => o.Value.Count > 0).OrderBy(o => o.Key, StringComparer.Ordinal))
            entries.Add(new JsonObject
            {
                ["manager"] = name,
                ["operation"] = "Apply",
                ["apiVersion"] = applied["apiVersion"]?.GetValue<string>(),
                ["time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldsV1(owned),
            });
        metadata["managedFields"] = entries;
        return result;
    }

    private static bool Ignored(string[] path) =>
        (path.Length == 1 && TopLevelIgnored.Contains(path[0])) || (path.Length >= 2 && path[0] == "metadata" && MetadataIgnored.Contains(path[1]));

    private static IEnumerable<string[]> Leaves(JsonObject node, string[]? prefix = null)
    {
        foreach (var (key, value) in node)
        {
            string[] path = [.. prefix ?? [], key];
            if (value is JsonObject child && child.Count > 0) foreach (var leaf in Leaves(child, path)) yield return leaf;
            else yield return path;
        }
    }

    private static Dictionary<string, List<string[]>> Owners(JsonObject live)
    {
        var owners = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        foreach (var entry in (live["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
            if (entry["operation"]?.GetValue<string>() == "Apply" && entry["manager"]?.GetValue<string>() is { } name && entry["fieldsV1"] is JsonObject fields)
                owners[name] = [.. FieldLeaves(fields, [])];
        return owners;
    }

    private static IEnumerable<string[]> FieldLeaves(JsonObject fields, string[] prefix)
    {
        foreach (var (key, value) in fields)
        {
            if (!key.StartsWith("f:", StringComparison.Ordinal)) continue;
            string[] path = [.. prefix, key[2..]];
            if (value is JsonObject child && child.Count > 0) foreach (var leaf in FieldLeaves(child, path)) yield return leaf;
            else yield return path;
        }
    }

    private static JsonObject FieldsV1(IEnumerable<string[]> leaves)
    {
        var root = new JsonObject();
        foreach (var path in leaves)
        {
            var node = root;
            foreach (var segment in path)
            {
                if (node["f:" + segment] is not JsonObject next) node["f:" + segment] = next = new JsonObject();
                node = next;
            }
        }
        return root;
    }

    private static JsonNode? At(JsonNode? node, string[] path)
    {
        foreach (var segment in path) node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    private static void RemoveAt(JsonObject root, string[] path)
    {
        if (At(root, path[..^1]) is JsonObject parent) parent.Remove(path[^1]);
    }

    private static void Merge(JsonObject target, JsonObject config)
    {
        foreach (var (key, value) in config)
        {
            if (value is JsonObject child && target[key] is JsonObject existing && child.Count > 0) Merge(existing, child);
            else target[key] = value?.DeepClone();
        }
    }

    private static string Display(string[] path) => string.Concat(path.Select(p => "." + p));
}
