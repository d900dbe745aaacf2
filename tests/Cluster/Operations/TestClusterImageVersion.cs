namespace Gravity.Cluster.Tests.Operations;

/// <summary>
/// Which application version a <see cref="TestClusterImage"/> is, which container images it holds, its gravity binary
/// (the file's text, or a copy of <paramref name="GravityBinaryFile"/>; none when both are null) and the Kubernetes
/// version its runtime package says (another version: another package digest).
/// </summary>
internal sealed record TestClusterImageVersion(string Name = TestClusterImage.AppName, string Version = TestClusterImage.AppVersion,
    IReadOnlyList<(string Reference, int Seed)>? Images = null, string? GravityBinary = null, long[]? LayerSizes = null,
    string KubernetesVersion = Gravity.Testing.RuntimePackageTestImage.KubernetesVersion, string? GravityBinaryFile = null);
