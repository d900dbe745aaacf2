using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>How a pod of a Job ended.</summary>
public enum KubeletPodOutcome { Succeeded, Failed, DeadlineExceeded, Stopped }

/// <summary>What every pod run of one kubelet test double shares.</summary>
public sealed record KubeletNode(KubeletStoreWriter Writer, KubeletContainerRuntime Runtime, KubernetesApiServerTestDouble Api, string WorkDir, string NodeName);

/// <summary>
/// One pod of a Job, run as the kubelet would: created in the store (named JOB-xxxxx, labelled, owned by the Job), its
/// init containers then its containers one after the other (a sequential stand-in for the real, parallel start of
/// containers), each pulled and run through containerd, its output streamed into the pod's log, its status written.
/// </summary>
public static class KubeletPodRun
{
    private const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static async Task<(string Pod, KubeletPodOutcome Outcome)> RunAsync(KubeletNode node, JsonObject job, CancellationToken deadline, CancellationToken stopping)
    {
        var writer = node.Writer;
        var ns = job["metadata"]!["namespace"]!.GetValue<string>();
        var pod = writer.Store.Create(KubeletStoreWriter.Pods, ns, PodFor(job, node.NodeName));
        var name = pod["metadata"]!["name"]!.GetValue<string>();
        var podDir = Path.Combine(node.WorkDir, $"{ns}-{name}");
        Directory.CreateDirectory(podDir);
        try
        {
            var spec = (JsonObject)pod["spec"]!;
            var (mounts, env) = ServiceAccount(node, spec, ns, podDir);
            var (plans, error) = KubeletPodSpecReader.Read(spec, podDir, mounts, env);
            if (error is not null)
            {
                Fail(writer, ns, name, "CreateContainerConfigError", error, spec);
                return (name, KubeletPodOutcome.Failed);
            }
            writer.Change(KubeletStoreWriter.Pods, ns, name, p =>
            {
                var status = KubeletStoreWriter.Status(p);
                status["phase"] = "Running";
                status["startTime"] = writer.Now();
                status["hostIP"] = "127.0.0.1";
                status["podIP"] = "127.0.0.1";
                status["conditions"] = new JsonArray(writer.Condition("PodScheduled"), writer.Condition("Initialized"));
                foreach (var plan in plans) SetContainerStatus(p, plan, new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } });
            });
            using var kill = CancellationTokenSource.CreateLinkedTokenSource(deadline, stopping);
            foreach (var plan in plans)
            {
                if (kill.IsCancellationRequested) break;
                if (await node.Runtime.PullAsync(plan.Image, kill.Token) is { } pullError)
                {
                    if (kill.IsCancellationRequested) break;
                    writer.Store.Logs.Append(ns, name, plan.Name, $"kubelet test double: pulling {plan.Image} failed: {pullError}\n");
                    writer.Store.Logs.Complete(ns, name, plan.Name);
                    Fail(writer, ns, name, "ErrImagePull", $"container {plan.Name}: pulling {plan.Image} failed: {pullError}", null);
                    return (name, KubeletPodOutcome.Failed);
                }
                var startedAt = writer.Now();
                writer.Change(KubeletStoreWriter.Pods, ns, name, p =>
                    SetContainerStatus(p, plan, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } }, started: true));
                var exitCode = await node.Runtime.RunAsync(plan, $"{ns}-{name}-{plan.Name}", text => writer.Store.Logs.Append(ns, name, plan.Name, text), kill.Token);
                writer.Store.Logs.Complete(ns, name, plan.Name);
                if (stopping.IsCancellationRequested) return (name, KubeletPodOutcome.Stopped);
                var reason = exitCode == 0 ? "Completed" : "Error";
                writer.Change(KubeletStoreWriter.Pods, ns, name, p => SetContainerStatus(p, plan, new JsonObject
                {
                    ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason, ["startedAt"] = startedAt, ["finishedAt"] = writer.Now() },
                }));
                if (deadline.IsCancellationRequested) break;
                if (exitCode != 0)
                {
                    Fail(writer, ns, name, null, null, null);
                    return (name, KubeletPodOutcome.Failed);
                }
            }
            if (stopping.IsCancellationRequested) return (name, KubeletPodOutcome.Stopped);
            if (deadline.IsCancellationRequested)
            {
                Fail(writer, ns, name, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline", null);
                return (name, KubeletPodOutcome.DeadlineExceeded);
            }
            writer.Change(KubeletStoreWriter.Pods, ns, name, p => KubeletStoreWriter.Status(p)["phase"] = "Succeeded");
            return (name, KubeletPodOutcome.Succeeded);
        }
        finally
        {
            try { Directory.Delete(podDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static JsonObject PodFor(JsonObject job, string nodeName)
    {
        var metadata = job["metadata"]!;
        var jobName = metadata["name"]!.GetValue<string>();
        var uid = metadata["uid"]!.GetValue<string>();
        var template = job["spec"]?["template"] as JsonObject ?? [];
        var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in KubeletJobRun.ControllerLabels(jobName, uid)) labels[key] = value;
        var spec = template["spec"]?.DeepClone() as JsonObject ?? [];
        spec["nodeName"] = nodeName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{jobName}-{Guid.NewGuid().ToString("N")[..5]}",
                ["labels"] = labels,
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = jobName, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["phase"] = "Pending" },
        };
    }

    // What a real kubelet gives a pod's processes to reach the API server: its address and the service account's token.
    private static (IReadOnlyList<KubeletBindMount> Mounts, IReadOnlyList<string> Env) ServiceAccount(KubeletNode node, JsonObject spec, string ns, string podDir)
    {
        IReadOnlyList<string> env = ["KUBERNETES_SERVICE_HOST=127.0.0.1", $"KUBERNETES_SERVICE_PORT={node.Api.Port}"];
        if (spec["automountServiceAccountToken"]?.GetValue<bool>() == false) return ([], env);
        var dir = Path.Combine(podDir, "serviceaccount");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "token"), node.Api.Token);
        File.Copy(node.Api.Certificates.CaCertificatePath, Path.Combine(dir, "ca.crt"));
        File.WriteAllText(Path.Combine(dir, "namespace"), ns);
        return ([new KubeletBindMount(dir, ServiceAccountPath, ReadOnly: true)], env);
    }

    private static void SetContainerStatus(JsonObject pod, KubeletContainerPlan plan, JsonObject state, bool started = false)
    {
        var status = KubeletStoreWriter.Status(pod);
        var field = plan.InitContainer ? "initContainerStatuses" : "containerStatuses";
        var list = status[field] as JsonArray ?? (JsonArray)(status[field] = new JsonArray());
        var entry = list.OfType<JsonObject>().FirstOrDefault(s => s["name"]?.GetValue<string>() == plan.Name);
        if (entry is null)
        {
            entry = new JsonObject { ["name"] = plan.Name, ["image"] = plan.Image, ["restartCount"] = 0, ["ready"] = false, ["started"] = false };
            list.Add(entry);
        }
        entry["state"] = state;
        entry["ready"] = state["running"] is not null;
        if (started) entry["started"] = true;
    }

    private static void Fail(KubeletStoreWriter writer, string ns, string name, string? reason, string? message, JsonObject? spec)
    {
        writer.Change(KubeletStoreWriter.Pods, ns, name, p =>
        {
            var status = KubeletStoreWriter.Status(p);
            status["phase"] = "Failed";
            if (reason is not null) status["reason"] = reason;
            if (message is not null) status["message"] = message;
        });
        // A pod refused before any container ran: say why where kubectl logs looks.
        if (spec is not null && message is not null && (spec["containers"] as JsonArray)?.FirstOrDefault()?["name"]?.GetValue<string>() is { } first)
        {
            writer.Store.Logs.Append(ns, name, first, $"kubelet test double: {message}\n");
            writer.Store.Logs.Complete(ns, name, first);
        }
    }
}
