namespace Gravity.Registry;

/// <summary>
/// Decides whether a registry request may proceed. The registry server asks once per request, with the repository
/// (null for /v2/ and the catalog) and the action the route needs; accounts (H6) plug in their own implementation.
/// </summary>
public interface IRegistryAccessControl
{
    ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct);
}
