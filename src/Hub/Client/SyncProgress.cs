namespace Gravity.Hub.Client;

/// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool, which can reorder updates).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
