namespace Gravity.Manifest;

public sealed record ProvidersSpec
{
    /// <summary>aws, gce or generic; null when not set.</summary>
    public string? Default { get; init; }
    public ProviderSpec? Aws { get; init; }
    public ProviderSpec? Gce { get; init; }
    public ProviderSpec? Azure { get; init; }
    public ProviderSpec? Generic { get; init; }
}

public sealed record ProviderSpec
{
    public TerraformSpec? Terraform { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public ProviderNetwork? Network { get; init; }
    public IamPolicy? IamPolicy { get; init; }
    public bool Disabled { get; init; }
}

public sealed record TerraformSpec
{
    public string? Script { get; init; }
    public string? InstanceScript { get; init; }
}

/// <summary>Overlay network type: vxlan (default), wireguard, calico; aws also accepts aws-vpc (its default).</summary>
public sealed record ProviderNetwork
{
    public required string Type { get; init; }
}

public sealed record IamPolicy
{
    public string? Version { get; init; }
    public IReadOnlyList<string> Actions { get; init; } = [];
}
