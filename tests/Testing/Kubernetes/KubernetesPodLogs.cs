using System.Text;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// What GET pods/NAME/log serves: the output of each container, appended by whoever runs it (a kubelet stand-in) and
/// marked complete when the container ends, which ends a follow=true stream.
/// </summary>
public sealed class KubernetesPodLogs
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Namespace, string Pod, string Container), Log> _logs = [];

    public void Append(string ns, string pod, string container, string text)
    {
        lock (_lock)
        {
            var log = Of(ns, pod, container);
            log.Text.Append(text);
            log.Signal();
        }
    }

    public void Complete(string ns, string pod, string container)
    {
        lock (_lock)
        {
            var log = Of(ns, pod, container);
            log.Complete = true;
            log.Signal();
        }
    }

    /// <summary>The containers of a pod that have a log, in the order they first wrote.</summary>
    public IReadOnlyList<string> Containers(string ns, string pod)
    {
        lock (_lock) return _logs.Where(l => l.Key.Namespace == ns && l.Key.Pod == pod).OrderBy(l => l.Value.Order).Select(l => l.Key.Container).ToList();
    }

    /// <summary>The log from character <paramref name="from"/> on, whether it is complete, and a task that ends at its next change.</summary>
    public (string Text, bool Complete, Task Changed) Read(string ns, string pod, string container, int from = 0)
    {
        lock (_lock)
        {
            var log = Of(ns, pod, container);
            var text = from < log.Text.Length ? log.Text.ToString(from, log.Text.Length - from) : "";
            return (text, log.Complete, log.Changed.Task);
        }
    }

    internal void Forget(string ns, string pod)
    {
        lock (_lock)
            foreach (var key in _logs.Keys.Where(k => k.Namespace == ns && k.Pod == pod).ToList())
            {
                _logs[key].Complete = true;
                _logs[key].Signal();
                _logs.Remove(key);
            }
    }

    private Log Of(string ns, string pod, string container)
    {
        if (!_logs.TryGetValue((ns, pod, container), out var log)) _logs[(ns, pod, container)] = log = new Log(_logs.Count);
        return log;
    }

    private sealed class Log(int order)
    {
        public int Order { get; } = order;
        public StringBuilder Text { get; } = new();
        public bool Complete { get; set; }
        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Signal()
        {
            Changed.TrySetResult();
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
