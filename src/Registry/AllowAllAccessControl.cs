namespace Gravity.Registry;

/// <summary>Lets every request through: the cluster-internal registry and tests.</summary>
public sealed class AllowAllAccessControl : IRegistryAccessControl
{
    public static readonly AllowAllAccessControl Instance = new();

    public ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
        => ValueTask.FromResult(AccessDecision.Allow());
}
