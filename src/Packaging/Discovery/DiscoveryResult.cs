namespace Gravity.Packaging.Discovery;

public sealed record DiscoveryResult(IReadOnlyList<DiscoveredImage> Images, IReadOnlyList<DiscoveryError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>What the user should know but that does not stop the build (charts read without helm, unresolved templates...).</summary>
    public IReadOnlyList<DiscoveryError> Warnings { get; init; } = [];

    /// <summary>Every top-level chart of the build folder and how it was read.</summary>
    public IReadOnlyList<ChartReading> Charts { get; init; } = [];
}
