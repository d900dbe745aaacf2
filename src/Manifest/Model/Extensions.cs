namespace Gravity.Manifest;

public sealed record ExtensionsSpec
{
    public bool LogsDisabled { get; init; }
    public bool MonitoringDisabled { get; init; }
    public bool CatalogDisabled { get; init; }
    public bool KubernetesDisabled { get; init; }
    public bool ConfigurationDisabled { get; init; }
    public EncryptionSpec? Encryption { get; init; }
}

public sealed record EncryptionSpec
{
    public required string EncryptionKey { get; init; }
    public required string CaCert { get; init; }
}

public sealed record LicenseSpec
{
    public bool Enabled { get; init; }
    public string? Type { get; init; }
}

/// <summary>Package locators (repo/name:semver).</summary>
public sealed record DependenciesSpec
{
    public IReadOnlyList<string> Packages { get; init; } = [];
    public IReadOnlyList<string> Apps { get; init; } = [];
}

/// <summary>A hook: a Kubernetes Job given as YAML text (inlined at build time).</summary>
public sealed record HookSpec
{
    public required string Job { get; init; }
}
