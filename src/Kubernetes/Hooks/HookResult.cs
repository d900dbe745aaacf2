namespace Gravity.Kubernetes.Hooks;

/// <summary>A hook's Job that completed: where it ran, how long it took and what its containers wrote.</summary>
public sealed record HookResult(string JobName, string Namespace, TimeSpan Elapsed, IReadOnlyList<string> LogLines);
