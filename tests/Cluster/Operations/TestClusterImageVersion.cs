namespace Gravity.Cluster.Tests.Operations;

/// <summary>Which application version a <see cref="TestClusterImage"/> is, which container images it holds, and its gravity binary (the file's text; none when null).</summary>
internal sealed record TestClusterImageVersion(string Name = TestClusterImage.AppName, string Version = TestClusterImage.AppVersion,
    IReadOnlyList<(string Reference, int Seed)>? Images = null, string? GravityBinary = null, long[]? LayerSizes = null);
