namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>`gravity upgrade` will not start: nothing newer uploaded, a requirement unmet, another operation running. Nothing was recorded.</summary>
public sealed class UpgradeRefusedException(string message) : Core.GravityException(message);
