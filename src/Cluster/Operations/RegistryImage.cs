namespace Gravity.Cluster.Operations;

/// <summary>One tagged image in a registry, as `gravity registry list` prints it.</summary>
public sealed record RegistryImage(string Repository, string Tag, string? Digest, string? MediaType);
