using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The Job controller's part for one Job: its selector and pod labels defaulted (the API server's defaulting, which
/// the store does not do), pods run one at a time until one succeeds, more than <c>backoffLimit</c> (default 6) fail,
/// or <c>activeDeadlineSeconds</c> pass; then its conditions. Simpler than the real controller: no backoff delay
/// between attempts, <c>restartPolicy: OnFailure</c> is treated as Never (a new pod per attempt), completions and
/// parallelism are 1. When the Job is deleted its running container is killed and its pods deleted (then, deleted in
/// the foreground, the Job itself).
/// </summary>
public static class KubeletJobRun
{
    public static IEnumerable<(string Key, string Value)> ControllerLabels(string jobName, string uid) =>
        [("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", jobName), ("controller-uid", uid), ("job-name", jobName)];

    public static async Task RunAsync(KubeletNode node, string ns, string name, TimeProvider time, CancellationToken stopping)
    {
        var writer = node.Writer;
        if (!writer.Change(KubeletStoreWriter.Jobs, ns, name, DefaultSelector)) return;
        var job = writer.Store.Get(KubeletStoreWriter.Jobs, ns, name);
        if (job is null) return;
        var spec = job["spec"]!;
        var backoffLimit = spec["backoffLimit"]?.GetValue<int>() ?? 6;
        using var deadline = spec["activeDeadlineSeconds"]?.GetValue<long>() is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), time) : new CancellationTokenSource();
        writer.Change(KubeletStoreWriter.Jobs, ns, name, j =>
        {
            var status = KubeletStoreWriter.Status(j);
            status["startTime"] = writer.Now();
            status["active"] = 1;
        });
        var pods = new List<string>();
        try
        {
            for (var failed = 0; ;)
            {
                var (pod, outcome) = await KubeletPodRun.RunAsync(node, job, deadline.Token, stopping);
                pods.Add(pod);
                switch (outcome)
                {
                    case KubeletPodOutcome.Stopped:
                        return;
                    case KubeletPodOutcome.Succeeded:
                        Finish(writer, ns, name, succeeded: 1, failed, writer.Condition("Complete"));
                        return;
                    case KubeletPodOutcome.DeadlineExceeded:
                        Finish(writer, ns, name, succeeded: 0, failed + 1, writer.Condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"));
                        return;
                    default:
                        failed++;
                        if (failed > backoffLimit)
                        {
                            Finish(writer, ns, name, succeeded: 0, failed, writer.Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
                            return;
                        }
                        writer.Change(KubeletStoreWriter.Jobs, ns, name, j => KubeletStoreWriter.Status(j)["failed"] = failed);
                        break;
                }
            }
        }
        finally
        {
            // The garbage collector's part: a deleted Job takes its pods with it. Deleted in the foreground, it is kept until
            // they are gone, which is now: their containers are dead.
            if (writer.Store.Get(KubeletStoreWriter.Jobs, ns, name) is not { } left || left["metadata"]?["deletionTimestamp"] is not null)
                foreach (var pod in pods)
                    try { writer.Store.Delete(KubeletStoreWriter.Pods, ns, pod); } catch (KubernetesApiError e) when (e.Code == 404) { }
        }
    }

    private static void DefaultSelector(JsonObject job)
    {
        var metadata = job["metadata"]!;
        var name = metadata["name"]!.GetValue<string>();
        var uid = metadata["uid"]!.GetValue<string>();
        var spec = job["spec"] as JsonObject ?? (JsonObject)(job["spec"] = new JsonObject());
        spec["selector"] ??= new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var template = spec["template"] as JsonObject ?? (JsonObject)(spec["template"] = new JsonObject());
        var templateMetadata = template["metadata"] as JsonObject ?? (JsonObject)(template["metadata"] = new JsonObject());
        var labels = templateMetadata["labels"] as JsonObject ?? (JsonObject)(templateMetadata["labels"] = new JsonObject());
        foreach (var (key, value) in ControllerLabels(name, uid)) labels[key] ??= value;
    }

    private static void Finish(KubeletStoreWriter writer, string ns, string name, int succeeded, int failed, JsonObject condition) =>
        writer.Change(KubeletStoreWriter.Jobs, ns, name, j =>
        {
            var status = KubeletStoreWriter.Status(j);
            status.Remove("active");
            if (succeeded > 0) status["succeeded"] = succeeded;
            if (failed > 0) status["failed"] = failed;
            if (succeeded > 0) status["completionTime"] = writer.Now();
            var conditions = status["conditions"] as JsonArray ?? (JsonArray)(status["conditions"] = new JsonArray());
            conditions.Add(condition);
        });
}
