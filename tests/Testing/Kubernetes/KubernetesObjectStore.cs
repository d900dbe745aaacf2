using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The double's etcd: objects in memory, one resourceVersion counter for all, and the history of changes that watches
/// replay. A later kubelet stand-in runs in the same process: it watches pods and jobs with <see cref="Watch"/>, and
/// writes their status with <see cref="Update"/> and their logs into <see cref="Logs"/>.
/// </summary>
public sealed class KubernetesObjectStore
{
    private const int HistoryLimit = 50_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly List<KubernetesWatchEvent> _history = [];
    private readonly List<Watcher> _watchers = [];
    private readonly TimeProvider _time;
    private long _resourceVersion = 1;
    private long _oldestReplayable = 1;

    public KubernetesObjectStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            Create(KubernetesBuiltInTypes.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
    }

    public KubernetesResourceCatalog Catalog { get; } = new();
    public KubernetesPodLogs Logs { get; } = new();
    public string CurrentResourceVersion { get { lock (_lock) return Rv(_resourceVersion); } }

    public JsonObject? Get(KubernetesResourceType type, string? ns, string name)
    {
        lock (_lock) return Set(type).GetValueOrDefault(Key(ns, name))?.DeepClone() as JsonObject;
    }

    public (IReadOnlyList<JsonObject> Items, string ResourceVersion) List(KubernetesResourceType type, string? ns, Func<JsonObject, bool>? filter = null)
    {
        lock (_lock)
        {
            var items = Set(type).Values.Where(o => ns is null || NamespaceOf(o) == ns).Where(o => filter?.Invoke(o) ?? true)
                .Select(o => (JsonObject)o.DeepClone()).ToList();
            return (items, Rv(_resourceVersion));
        }
    }

    /// <summary>Stores a new object: the caller checked its body; this sets uid, resourceVersion, creationTimestamp, generation.</summary>
    public JsonObject Create(KubernetesResourceType type, string? ns, JsonObject body, bool dryRun = false)
    {
        lock (_lock)
        {
            var obj = (JsonObject)body.DeepClone();
            var metadata = Metadata(obj);
            if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
                metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
            var name = metadata["name"]?.GetValue<string>() ?? throw KubernetesApiError.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
                var nsObject = Set(KubernetesBuiltInTypes.Namespace).GetValueOrDefault(Key(null, ns!));
                if (nsObject is null) throw KubernetesApiError.NotFound(KubernetesBuiltInTypes.Namespace, ns!);
                if (nsObject["metadata"]?["deletionTimestamp"] is not null)
                    throw new KubernetesApiError(403, "Forbidden", $"{type.Plural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", type, name);
            }
            else metadata.Remove("namespace");
            if (Set(type).ContainsKey(Key(ns, name))) throw KubernetesApiError.AlreadyExists(type, name);
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp();
            metadata["generation"] = 1L;
            metadata.Remove("deletionTimestamp");
            KubernetesCreateDefaults.Apply(type, obj);
            if (type == KubernetesBuiltInTypes.CustomResourceDefinition) EstablishDefinition(obj, dryRun);
            if (dryRun) { metadata["resourceVersion"] = Rv(_resourceVersion); return obj; }
            Record("ADDED", type, obj);
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an object with <paramref name="body"/> as computed by the caller from the stored one (a PUT, a PATCH, an
    /// apply, a status write). A body whose resourceVersion is set must carry the current one (optimistic concurrency).
    /// </summary>
    public JsonObject Update(KubernetesResourceType type, string? ns, string name, JsonObject body, bool dryRun = false)
    {
        lock (_lock)
        {
            var set = Set(type);
            var current = set.GetValueOrDefault(Key(ns, name)) ?? throw KubernetesApiError.NotFound(type, name);
            var obj = (JsonObject)body.DeepClone();
            var metadata = Metadata(obj);
            var currentMetadata = Metadata(current);
            if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 } rv && rv != currentMetadata["resourceVersion"]!.GetValue<string>())
                throw KubernetesApiError.Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
            foreach (var immutable in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation" })
                if (currentMetadata[immutable] is { } value) metadata[immutable] = value.DeepClone(); else metadata.Remove(immutable);
            if (!JsonNode.DeepEquals(Spec(current), Spec(obj)))
                metadata["generation"] = long.Parse(currentMetadata["generation"]!.ToJsonString(), CultureInfo.InvariantCulture) + 1;
            if (type == KubernetesBuiltInTypes.CustomResourceDefinition) EstablishDefinition(obj, dryRun);
            metadata["resourceVersion"] = currentMetadata["resourceVersion"]!.DeepClone();
            if (dryRun || JsonNode.DeepEquals(current, obj)) return obj;   // a no-op write changes no resourceVersion
            Record("MODIFIED", type, obj);
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>
    /// Removes an object at once (no finalizers, no graceful termination); a namespace takes its contents with it.
    /// <paramref name="foreground"/> (propagationPolicy Foreground) is the garbage collector's foreground deletion: an
    /// object that has dependents (objects whose ownerReferences block its deletion) is marked deleted and kept until
    /// they are gone; finished pods among them go at once, running ones are marked deleted for their kubelet to remove
    /// once their containers are dead.
    /// </summary>
    public JsonObject Delete(KubernetesResourceType type, string? ns, string name, bool dryRun = false, bool foreground = false)
    {
        lock (_lock)
        {
            var current = Set(type).GetValueOrDefault(Key(ns, name)) ?? throw KubernetesApiError.NotFound(type, name);
            if (dryRun) return (JsonObject)current.DeepClone();
            if (foreground && type.Namespaced && type != KubernetesBuiltInTypes.Namespace && DeleteInForeground(type, current) is { } kept) return kept;
            if (type == KubernetesBuiltInTypes.Namespace && Contents(name).Any())
            {
                if (current["metadata"]!["deletionTimestamp"] is not null) return (JsonObject)current.DeepClone();
                var terminating = (JsonObject)current.DeepClone();
                terminating["metadata"]!["deletionTimestamp"] = Timestamp();
                terminating["status"] = new JsonObject { ["phase"] = "Terminating" };
                Record("MODIFIED", type, terminating);
                _ = FinalizeNamespaceLaterAsync(name, (string)current["metadata"]!["uid"]!);
                return (JsonObject)terminating.DeepClone();
            }
            if (type == KubernetesBuiltInTypes.CustomResourceDefinition)
            {
                var (types, _) = KubernetesResourceCatalog.FromDefinition(current);
                foreach (var custom in types.DistinctBy(t => t.StoreKey))
                    foreach (var obj in Set(custom).Values.ToList()) Remove(custom, obj);
                Catalog.Unregister(name);
            }
            Remove(type, current);
            if (type.Namespaced) RemoveOwnersWaitingFor(current);
            if (type.Namespaced && Set(KubernetesBuiltInTypes.Namespace).GetValueOrDefault(Key(null, ns!)) is { } parent
                && parent["metadata"]!["deletionTimestamp"] is not null && !Contents(ns!).Any())
                Remove(KubernetesBuiltInTypes.Namespace, parent);
            return (JsonObject)current.DeepClone();
        }
    }

    /// <summary>The owner marked deleted (kept for its dependents), or null when it has none and is removed as usual.</summary>
    private JsonObject? DeleteInForeground(KubernetesResourceType type, JsonObject owner)
    {
        var uid = owner["metadata"]!["uid"]!.GetValue<string>();
        if (owner["metadata"]!["deletionTimestamp"] is not null) return (JsonObject)owner.DeepClone();
        var dependents = DependentsOf(NamespaceOf(owner)!, uid).ToList();
        if (dependents.Count == 0) return null;
        var marked = (JsonObject)owner.DeepClone();
        marked["metadata"]!["deletionTimestamp"] = Timestamp();
        marked["metadata"]!["finalizers"] = new JsonArray("foregroundDeletion");
        Record("MODIFIED", type, marked);
        foreach (var (dependentType, dependent) in dependents)
        {
            var phase = dependent["status"]?["phase"]?.GetValue<string>();
            if (dependentType.StoreKey != "pods." || phase is "Succeeded" or "Failed") Remove(dependentType, dependent);
            else if (dependent["metadata"]!["deletionTimestamp"] is null)
            {
                var terminating = (JsonObject)dependent.DeepClone();
                terminating["metadata"]!["deletionTimestamp"] = Timestamp();
                Record("MODIFIED", dependentType, terminating);
            }
        }
        var stored = Set(type)[Key(NamespaceOf(owner), owner["metadata"]!["name"]!.GetValue<string>())];
        if (!DependentsOf(NamespaceOf(owner)!, uid).Any()) Remove(type, stored);
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>Removes the owners of a removed object that were deleted in the foreground and have no dependents left.</summary>
    private void RemoveOwnersWaitingFor(JsonObject removed)
    {
        var ns = NamespaceOf(removed);
        if (ns is null || removed["metadata"]?["ownerReferences"] is not JsonArray owners) return;
        foreach (var uid in owners.Select(o => o?["uid"]?.GetValue<string>()).OfType<string>())
            foreach (var type in Catalog.All.Where(t => t.Namespaced).DistinctBy(t => t.StoreKey))
                foreach (var owner in Set(type).Values.Where(o => NamespaceOf(o) == ns && (string?)o["metadata"]!["uid"] == uid
                                                                 && o["metadata"]!["finalizers"] is JsonArray f && f.Any(x => (string?)x == "foregroundDeletion")).ToList())
                    if (!DependentsOf(ns, uid).Any()) Remove(type, owner);
    }

    private IEnumerable<(KubernetesResourceType Type, JsonObject Object)> DependentsOf(string ns, string ownerUid) =>
        Contents(ns).Where(c => c.Object["metadata"]?["ownerReferences"] is JsonArray refs
                                && refs.Any(r => (string?)r?["uid"] == ownerUid && r?["blockOwnerDeletion"]?.GetValue<bool>() == true));

    /// <summary>How long a deleted namespace that still holds objects stays Terminating before the double deletes them.</summary>
    public TimeSpan NamespaceFinalizationDelay { get; set; } = TimeSpan.FromSeconds(5);

    // The real namespace controller empties a Terminating namespace some time after its deletion; clients deleting
    // its objects meanwhile (kubectl delete -f of a namespace and its contents) find them. Emptied by them, it goes at once.
    private async Task FinalizeNamespaceLaterAsync(string name, string uid)
    {
        await Task.Delay(NamespaceFinalizationDelay, _time);
        lock (_lock)
        {
            if (Set(KubernetesBuiltInTypes.Namespace).GetValueOrDefault(Key(null, name)) is not { } ns || (string)ns["metadata"]!["uid"]! != uid) return;
            foreach (var (namespaced, inside) in Contents(name).ToList()) Remove(namespaced, inside);
            Remove(KubernetesBuiltInTypes.Namespace, ns);
        }
    }

    private IEnumerable<(KubernetesResourceType Type, JsonObject Object)> Contents(string ns) =>
        Catalog.All.Where(t => t.Namespaced).DistinctBy(t => t.StoreKey)
            .SelectMany(t => Set(t).Values.Where(o => NamespaceOf(o) == ns).Select(o => (t, o)));

    /// <summary>
    /// Changes of one kind (in one namespace, or all when null) after <paramref name="fromResourceVersion"/>; when that is
    /// null or "0", first an ADDED event for each object there now. Ends when disposed (or with 410 Gone when the history
    /// no longer reaches back to the version asked for).
    /// </summary>
    public KubernetesWatch Watch(KubernetesResourceType type, string? ns, string? fromResourceVersion, Func<JsonObject, bool>? filter = null)
    {
        var channel = Channel.CreateUnbounded<KubernetesWatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        bool Wanted(KubernetesWatchEvent e) =>
            e.ResourceType.StoreKey == type.StoreKey && (ns is null || e.Namespace == ns) && (filter?.Invoke(e.Object) ?? true);
        lock (_lock)
        {
            var initial = 0;
            if (fromResourceVersion is null or "" or "0")
            {
                foreach (var obj in Set(type).Values.Where(o => ns is null || NamespaceOf(o) == ns).Where(o => filter?.Invoke(o) ?? true))
                {
                    channel.Writer.TryWrite(new KubernetesWatchEvent(long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), "ADDED", type, (JsonObject)obj.DeepClone()));
                    initial++;
                }
            }
            else
            {
                if (!long.TryParse(fromResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                    throw KubernetesApiError.BadRequest($"invalid resourceVersion \"{fromResourceVersion}\"");
                if (from < _oldestReplayable - 1) throw new KubernetesApiError(410, "Expired", $"too old resource version: {from} ({_oldestReplayable - 1})");
                foreach (var e in _history.Where(e => e.ResourceVersion > from && Wanted(e))) channel.Writer.TryWrite(e);
            }
            var watcher = new Watcher(channel.Writer, Wanted);
            _watchers.Add(watcher);
            return new KubernetesWatch(channel.Reader, initial, Rv(_resourceVersion), () => { lock (_lock) _watchers.Remove(watcher); channel.Writer.TryComplete(); });
        }
    }

    private void EstablishDefinition(JsonObject crd, bool dryRun)
    {
        var name = crd["metadata"]!["name"]!.GetValue<string>();
        var (types, error) = KubernetesResourceCatalog.FromDefinition(crd);
        if (error is not null) throw KubernetesApiError.Invalid(KubernetesBuiltInTypes.CustomResourceDefinition, name, error);
        var now = Timestamp();
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = crd["spec"]!["names"]!.DeepClone(),
            ["storedVersions"] = new JsonArray(((JsonArray)crd["spec"]!["versions"]!).Where(v => v?["storage"]?.GetValue<bool>() == true)
                .Select(v => (JsonNode?)JsonValue.Create(v!["name"]!.GetValue<string>())).ToArray()),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
        };
        if (!dryRun) Catalog.Register(name, types);
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };

    private void Record(string eventType, KubernetesResourceType type, JsonObject obj)
    {
        var rv = ++_resourceVersion;
        Metadata(obj)["resourceVersion"] = Rv(rv);
        var key = Key(NamespaceOf(obj), obj["metadata"]!["name"]!.GetValue<string>());
        if (eventType == "DELETED") Set(type).Remove(key); else Set(type)[key] = (JsonObject)obj.DeepClone();
        var e = new KubernetesWatchEvent(rv, eventType, type, (JsonObject)obj.DeepClone());
        _history.Add(e);
        if (_history.Count > HistoryLimit)
        {
            _history.RemoveRange(0, _history.Count - HistoryLimit);
            _oldestReplayable = _history[0].ResourceVersion;
        }
        foreach (var watcher in _watchers.Where(w => w.Wants(e))) watcher.Writer.TryWrite(e);
    }

    private void Remove(KubernetesResourceType type, JsonObject obj)
    {
        if (type.StoreKey == "pods.") Logs.Forget(NamespaceOf(obj)!, obj["metadata"]!["name"]!.GetValue<string>());
        Record("DELETED", type, (JsonObject)obj.DeepClone());
    }

    private SortedDictionary<string, JsonObject> Set(KubernetesResourceType type)
    {
        if (!_objects.TryGetValue(type.StoreKey, out var set)) _objects[type.StoreKey] = set = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        return set;
    }

    private static JsonObject Metadata(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
    private static JsonObject Spec(JsonObject obj) => new(obj.Where(p => p.Key is not ("metadata" or "status")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
    private static string? NamespaceOf(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>();
    private static string Key(string? ns, string name) => $"{ns}/{name}";
    private static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);
    private string Timestamp() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Watcher(ChannelWriter<KubernetesWatchEvent> Writer, Func<KubernetesWatchEvent, bool> Wants);
}
