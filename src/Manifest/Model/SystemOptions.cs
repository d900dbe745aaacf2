namespace Gravity.Manifest;

/// <summary>Global runtime options, or a node profile's overrides of them.</summary>
public sealed record SystemOptions
{
    /// <summary>A custom runtime container image (its tag is a SemVer version).</summary>
    public string? BaseImage { get; init; }
    public bool AllowPrivileged { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public RuntimeSpec? Runtime { get; init; }
    public DockerOptions? Docker { get; init; }
    public ComponentOptions? Etcd { get; init; }
    public KubeletOptions? Kubelet { get; init; }
}

public sealed record RuntimeSpec
{
    public string? Name { get; init; }
    /// <summary>SemVer; null = the latest available.</summary>
    public string? Version { get; init; }
}

public sealed record DockerOptions
{
    public const string DefaultStorageDriver = "overlay2";

    /// <summary>overlay, overlay2 or devicemapper; null when not written (then a profile inherits the global value, and
    /// <see cref="DefaultStorageDriver"/> applies in the end: see <see cref="AppManifest.SystemOptionsFor"/>).</summary>
    public string? StorageDriver { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
}

public sealed record ComponentOptions
{
    public IReadOnlyList<string> Args { get; init; } = [];
}

public sealed record KubeletOptions
{
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>promiscuous-bridge, hairpin-veth or none; null when not set.</summary>
    public string? HairpinMode { get; init; }
}
