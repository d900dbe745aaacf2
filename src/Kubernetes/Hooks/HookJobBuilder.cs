using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gravity.Core;

namespace Gravity.Kubernetes.Hooks;

/// <summary>
/// The Kubernetes Job a hook runs as, from the Job the manifest gives, with Gravity's rules: a unique name (the job's
/// name, else the hook's, plus a short suffix: derived from the operation and the hook when the hook runs in an
/// operation, so that a resumed operation finds the Job a killed run created instead of starting a second one; random
/// otherwise), namespace kube-system unless the job names one, scheduled on a master
/// unless it selects nodes itself, tolerating NoSchedule and NoExecute taints, `activeDeadlineSeconds` 20 minutes
/// unless the job sets it, `imagePullPolicy: IfNotPresent` unless set; every container gets the application's
/// resources at <see cref="ResourcesPath"/>, kubectl and helm at /usr/local/bin, GRAVITY_SERVICE_USER and every key of
/// kube-system/cluster-info as environment variables (unless the container sets them) (backup and restore hooks also
/// the backup folder at <see cref="BackupPath"/>), and
/// `runAsUser: -1` is the service user. What the job itself sets wins everywhere else, except a deadline the caller
/// gives (`gravity backup --timeout`), which replaces the job's.
/// </summary>
public static class HookJobBuilder
{
    public const string ResourcesPath = NodeDefaults.HookResourcesPath;
    public const string BackupPath = NodeDefaults.HookBackupPath;
    public const string HookLabel = "gravitational.io/hook";
    public const string OperationAnnotation = "gravitational.io/operation";
    public const int SuffixLength = 5;
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    public const string MasterLabel = "node-role.kubernetes.io/master";
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromMinutes(20);
    public static readonly IReadOnlySet<string> BackupHooks = new HashSet<string>(StringComparer.Ordinal) { "backup", "restore" };

    /// <param name="operationId">The operation the hook runs in (the name's suffix comes from it), or null for a hook run outside one.</param>
    /// <param name="deadline">Replaces the job's activeDeadlineSeconds (gravity backup/restore --timeout).</param>
    public static JsonObject Build(string hook, string jobYaml, HookJobContext context, string? randomSuffix = null, string? operationId = null, TimeSpan? deadline = null)
    {
        var objects = ApplicationObjectReader.Read(jobYaml, $"hooks.{hook}.job");
        if (objects.Count != 1 || objects[0].Kind != "Job" || !objects[0].ApiVersion.StartsWith("batch/", StringComparison.Ordinal))
            throw new GravityException($"hooks.{hook}.job: expected one Kubernetes Job (apiVersion batch/v1, kind Job)");
        var job = objects[0].Body;
        var metadata = (JsonObject)job["metadata"]!;
        var baseName = ((string?)metadata["name"] ?? hook).ToLowerInvariant();
        var suffix = randomSuffix ?? (operationId is null ? RandomNumberGenerator.GetString(SuffixAlphabet, SuffixLength) : OperationSuffix(operationId, hook));
        metadata["name"] = $"{baseName[..Math.Min(baseName.Length, 63 - suffix.Length - 1)]}-{suffix}";
        metadata["namespace"] ??= "kube-system";
        Object(metadata, "labels")[HookLabel] = hook;
        if (operationId is not null) Object(metadata, "annotations")[OperationAnnotation] = operationId;

        var spec = Object(job, "spec");
        if (deadline is { } callerDeadline) spec["activeDeadlineSeconds"] = Math.Max(1L, (long)Math.Ceiling(callerDeadline.TotalSeconds));
        else spec["activeDeadlineSeconds"] ??= (long)DefaultDeadline.TotalSeconds;
        var template = Object(spec, "template");
        Object(Object(template, "metadata"), "labels")[HookLabel] = hook;
        var pod = Object(template, "spec");
        pod["restartPolicy"] ??= "Never";
        if (pod["nodeSelector"] is null && pod["affinity"] is null)
            pod["nodeSelector"] = new JsonObject { [MasterLabel] = "true" };
        var tolerations = Array(pod, "tolerations");
        foreach (var effect in new[] { "NoSchedule", "NoExecute" })
            tolerations.Add(new JsonObject { ["operator"] = "Exists", ["effect"] = effect });

        var volumes = Array(pod, "volumes");
        var mounts = new List<(string Volume, string HostPath, string MountPath, string Type, bool ReadOnly)>
        {
            ("gravity-resources", context.ResourcesDir, ResourcesPath, "Directory", true),
            ("gravity-kubectl", context.Kubectl, "/usr/local/bin/kubectl", "File", true),
            ("gravity-helm", context.Helm, "/usr/local/bin/helm", "File", true),
        };
        if (BackupHooks.Contains(hook))
            mounts.Add(("gravity-backup", context.BackupDir ?? throw new GravityException($"the {hook} hook needs a backup folder"), BackupPath, "DirectoryOrCreate", false));
        foreach (var m in mounts)
            volumes.Add(new JsonObject { ["name"] = m.Volume, ["hostPath"] = new JsonObject { ["path"] = m.HostPath, ["type"] = m.Type } });

        var containers = (pod["initContainers"] as JsonArray ?? []).Concat(pod["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (containers.Count == 0) throw new GravityException($"hooks.{hook}.job: the job's pod has no containers");
        foreach (var container in containers)
        {
            container["imagePullPolicy"] ??= "IfNotPresent";
            var volumeMounts = Array(container, "volumeMounts");
            foreach (var m in mounts)
                volumeMounts.Add(new JsonObject { ["name"] = m.Volume, ["mountPath"] = m.MountPath, ["readOnly"] = m.ReadOnly });
            var env = Array(container, "env");
            var given = env.OfType<JsonObject>().Select(e => (string?)e["name"]).ToHashSet(StringComparer.Ordinal);
            var values = context.ClusterInfo.Prepend(new("GRAVITY_SERVICE_USER", context.ServiceUid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var (name, value) in values.Where(v => !given.Contains(v.Key)))
                env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }
        ServiceUserSecurityContext.Apply(pod, context.ServiceUid);
        return job;
    }

    /// <summary>The same few characters for the same operation and hook, different ones for another operation.</summary>
    public static string OperationSuffix(string operationId, string hook)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{operationId}/{hook}"));
        var chars = new char[SuffixLength];
        for (var i = 0; i < SuffixLength; i++) chars[i] = SuffixAlphabet[hash[i] % SuffixAlphabet.Length];
        return new string(chars);
    }

    private static JsonObject Object(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    private static JsonArray Array(JsonObject parent, string key)
    {
        if (parent[key] is JsonArray existing) return existing;
        var created = new JsonArray();
        parent[key] = created;
        return created;
    }
}
