namespace Gravity.Packaging.Discovery;

public sealed record DiscoveryResult(IReadOnlyList<DiscoveredImage> Images, IReadOnlyList<DiscoveryError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
