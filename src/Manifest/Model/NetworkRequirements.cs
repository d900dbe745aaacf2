namespace Gravity.Manifest;

public sealed record NetworkRequirements
{
    /// <summary>Bytes per second.</summary>
    public long? MinTransferRate { get; init; }
    public IReadOnlyList<PortRequirement> Ports { get; init; } = [];
}

public sealed record PortRequirement
{
    /// <summary>tcp (default) or udp.</summary>
    public string Protocol { get; init; } = "tcp";
    public IReadOnlyList<PortRange> Ranges { get; init; } = [];
}

public sealed record PortRange(int Low, int High)
{
    public override string ToString() => Low == High ? Low.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Low}-{High}";

    public IEnumerable<int> Ports() => Enumerable.Range(Low, High - Low + 1);
}
