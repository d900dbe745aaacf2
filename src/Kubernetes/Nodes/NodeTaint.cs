namespace Gravity.Kubernetes.Nodes;

/// <summary>A taint of a Kubernetes node: a taint is the same one as another when key and effect are (the API's own rule).</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect)
{
    /// <summary>Gravity's system taint (the guide's "Separation of Workloads"): only system pods are scheduled on the node.</summary>
    public static readonly NodeTaint SystemLevel = new("gravitational.io/level", "system", "NoSchedule");

    public override string ToString() => string.IsNullOrEmpty(Value) ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
