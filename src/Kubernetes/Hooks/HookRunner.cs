using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gravity.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gravity.Kubernetes.Hooks;

/// <summary>
/// Runs a hook's Job and waits for its end: creates it, streams the log of every container of its pods while they run
/// (to <c>log</c>, prefixed with pod and container), and fails with the Job's reason and its last log lines when it
/// fails or passes its deadline. Jobs of hooks that run often (status, backup, restore) are deleted after they end,
/// also when the runner gives up (its own timeout, a cancellation), and waited for until they are gone; the others are
/// kept for diagnosis, as in Gravity.
/// </summary>
public sealed class HookRunner(KubernetesApiConnection api, TimeProvider time)
{
    public const int LastLines = 20;
    public static readonly IReadOnlySet<string> DeletedAfterwards = new HashSet<string>(StringComparer.Ordinal) { "status", "backup", "restore" };

    /// <summary>Time beyond the Job's own deadline before the runner stops waiting (the Job controller marks the failure).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(1);

    public async Task<HookResult> RunAsync(string hook, JsonObject job, Action<string>? log = null, CancellationToken ct = default)
    {
        var ns = (string)job["metadata"]!["namespace"]!;
        var name = (string)job["metadata"]!["name"]!;
        var deadline = TimeSpan.FromSeconds((long?)job["spec"]?["activeDeadlineSeconds"] ?? (long)HookJobBuilder.DefaultDeadline.TotalSeconds) + Grace;
        var started = time.GetUtcNow();
        await CreateOrAdoptAsync(hook, ns, name, job, log, ct);
        if (!DeletedAfterwards.Contains(hook)) return Outcome(hook, ns, name, started, await FollowToEndAsync(ns, name, deadline, started, log, ct), log);

        (V1JobCondition End, List<string> Lines) followed;
        try
        {
            followed = await FollowToEndAsync(ns, name, deadline, started, log, ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or HttpOperationException or IOException)
        {
            // Cancelled (Ctrl-C) or the API broke off: the Job may still run and its container still write into a folder
            // the caller empties next. Gone first, as far as the API lets us, whatever the token says.
            await TryRemoveAsync(hook, ns, name, log);
            throw;
        }
        await RemoveAsync(ns, name, ct);
        return Outcome(hook, ns, name, started, followed, log);
    }

    private async Task<(V1JobCondition End, List<string> Lines)> FollowToEndAsync(string ns, string name, TimeSpan deadline, DateTimeOffset started,
        Action<string>? log, CancellationToken ct)
    {
        var lines = new ConcurrentQueue<string>();
        using var following = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var followed = new HashSet<string>(StringComparer.Ordinal);
        var followers = new List<Task>();
        V1JobCondition? end = null;
        var delay = TimeSpan.FromMilliseconds(100);
        while (end is null)
        {
            foreach (var pod in (await api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={name}", cancellationToken: ct)).Items)
                foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []))
                    if (followed.Add($"{pod.Metadata.Name}/{container.Name}"))
                        followers.Add(FollowAsync(ns, pod.Metadata.Name, container.Name, lines, log, following.Token));
            var current = await api.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct);
            end = EndOf(current);
            if (end is not null) break;
            if (time.GetUtcNow() - started > deadline)
                end = new V1JobCondition { Type = "Failed", Reason = "Timeout", Message = $"no end within {deadline.TotalSeconds:F0} s" };
            else
            {
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }

        // The logs of a finished container end by themselves; a stuck stream is not waited for long.
        await Task.WhenAny(Task.WhenAll(followers), Task.Delay(TimeSpan.FromSeconds(5), time, ct));
        await following.CancelAsync();
        return (end, [.. lines]);
    }

    private HookResult Outcome(string hook, string ns, string name, DateTimeOffset started, (V1JobCondition End, List<string> Lines) followed, Action<string>? log)
    {
        var (end, lines) = followed;
        var elapsed = time.GetUtcNow() - started;
        if (end.Type == "Complete")
        {
            log?.Invoke($"hook {hook}: job {ns}/{name} has completed, {elapsed.TotalSeconds:F1} s");
            return new HookResult(name, ns, elapsed, lines);
        }
        var tail = lines.TakeLast(LastLines).ToList();
        throw new GravityException($"hook {hook} failed: job {ns}/{name}: {end.Reason}{(end.Message is { Length: > 0 } m ? $" ({m})" : "")}" +
                                   (tail.Count > 0 ? $"; its last log lines:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}" : "; it wrote no log"));
    }

    /// <summary>
    /// Creates the Job, or follows the one an earlier run of the same operation created (a resumed operation after a
    /// kill must not run a migration twice at once): a Job of that name that failed is deleted and created again, one
    /// that runs or completed is followed; a Job of that name that is another hook's or operation's is refused.
    /// </summary>
    private async Task CreateOrAdoptAsync(string hook, string ns, string name, JsonObject job, Action<string>? log, CancellationToken ct)
    {
        var operation = (string?)job["metadata"]!["annotations"]?[HookJobBuilder.OperationAnnotation];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await api.BatchV1.CreateNamespacedJobAsync(KubernetesJson.Deserialize<V1Job>(job.ToJsonString()), ns, cancellationToken: ct);
                log?.Invoke($"hook {hook}: job {ns}/{name} created");
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && operation is not null && attempt == 0)
            {
                var existing = await ReadOrNullAsync(ns, name, ct);
                if (existing is null) continue; // gone since: created now
                var itsHook = existing.Metadata.Labels?.TryGetValue(HookJobBuilder.HookLabel, out var h) == true ? h : null;
                var itsOperation = existing.Metadata.Annotations?.TryGetValue(HookJobBuilder.OperationAnnotation, out var o) == true ? o : null;
                if (itsHook != hook || itsOperation != operation)
                    throw new GravityException($"hook {hook}: job {ns}/{name} exists already and was not created by this hook in operation {operation} " +
                                               $"(its hook: {itsHook ?? "none"}, its operation: {itsOperation ?? "none"}): delete it or rename the hook's job");
                if (EndOf(existing) is { Type: "Failed" })
                {
                    log?.Invoke($"hook {hook}: job {ns}/{name} failed in an earlier run of this operation: deleted, run again");
                    await DeleteAsync(ns, name, ct);
                    await WaitUntilGoneAsync(ns, name, ct);
                    continue;
                }
                log?.Invoke($"hook {hook}: job {ns}/{name} exists from an earlier run of this operation: followed, not started again");
                return;
            }
            catch (HttpOperationException ex)
            {
                throw new GravityException($"hook {hook}: the Kubernetes API refused job {ns}/{name} ({(int)ex.Response.StatusCode}): {ex.Response.Content}", ex);
            }
        }
    }

    private static V1JobCondition? EndOf(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True");

    private async Task<V1Job?> ReadOrNullAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await api.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task WaitUntilGoneAsync(string ns, string name, CancellationToken ct, string then = ", then resume")
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (await ReadOrNullAsync(ns, name, ct) is null) return;
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
        }
        throw new GravityException($"job {ns}/{name} was deleted but is still there after 60 s: delete it by hand{then}");
    }

    /// <summary>
    /// Deletes a hook's Job in the foreground and waits until it is gone: the API removes the Job only after its pods,
    /// and a pod only once its containers are dead, so nothing of the hook runs any more when this returns (a backup
    /// hook's container could otherwise still write into the backup folder while it is emptied).
    /// </summary>
    private async Task RemoveAsync(string ns, string name, CancellationToken ct)
    {
        await DeleteAsync(ns, name, ct, propagation: "Foreground");
        await WaitUntilGoneAsync(ns, name, ct, then: " before its hook runs again");
    }

    /// <summary><see cref="RemoveAsync"/> after a cancellation or failure: its own time limit, not the cancelled token; what fails is said, not thrown.</summary>
    private async Task TryRemoveAsync(string hook, string ns, string name, Action<string>? log)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90), time);
        try
        {
            await RemoveAsync(ns, name, limit.Token);
        }
        catch (Exception ex) when (ex is GravityException or OperationCanceledException or HttpRequestException or HttpOperationException or IOException)
        {
            log?.Invoke($"hook {hook}: job {ns}/{name} could not be deleted ({ex.Message}): delete it by hand");
        }
    }

    private async Task FollowAsync(string ns, string pod, string container, ConcurrentQueue<string> lines, Action<string>? log, CancellationToken ct)
    {
        // The container may not have started yet: retried until the log can be read, then followed to its end.
        for (var attempt = 0; attempt < 600 && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var stream = await api.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container, follow: true, cancellationToken: ct);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    var entry = $"{pod}/{container}: {line}";
                    lines.Enqueue(entry);
                    while (lines.Count > 1000) lines.TryDequeue(out _);
                    log?.Invoke(entry);
                }
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.NotFound)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return; // the stream broke: what was read is kept
            }
        }
    }

    private async Task DeleteAsync(string ns, string name, CancellationToken ct, string propagation = "Background")
    {
        try
        {
            await api.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: propagation, cancellationToken: ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }
}
