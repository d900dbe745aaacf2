namespace Gravity.Manifest;

/// <summary>An application manifest (app.yaml) as described in manifest-reference.md, with defaults applied and implied
/// parts (the <c>node</c> profile and <c>default</c> flavor) made explicit.</summary>
public sealed record AppManifest
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required ManifestMetadata Metadata { get; init; }
    /// <summary>HTML text (inlined at build time).</summary>
    public string? ReleaseNotes { get; init; }
    /// <summary>A data: URL of the logo image (inlined at build time).</summary>
    public string? Logo { get; init; }
    public string? BaseImage { get; init; }
    public IReadOnlyList<Endpoint> Endpoints { get; init; } = [];
    public ProvidersSpec? Providers { get; init; }
    public InstallerSpec Installer { get; init; } = new();
    public IReadOnlyList<NodeProfile> NodeProfiles { get; init; } = [];
    public LicenseSpec? License { get; init; }
    public SystemOptions? SystemOptions { get; init; }
    public DependenciesSpec? Dependencies { get; init; }
    public ExtensionsSpec? Extensions { get; init; }
    /// <summary>Free-form map (for example <c>nginx: {enabled: false}</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Ingress { get; init; }
    /// <summary>Free-form map (for example <c>openebs: {enabled: false}</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Storage { get; init; }
    /// <summary>JSON text.</summary>
    public string? WebConfig { get; init; }
    /// <summary>Hooks by name (install, postInstall, ...), in manifest order.</summary>
    public IReadOnlyDictionary<string, HookSpec> Hooks { get; init; } = new Dictionary<string, HookSpec>();

    /// <summary>True when <c>storage.openebs.enabled</c> is true (which also allows privileged containers).</summary>
    public bool OpenEbsEnabled => FreeForm.IsEnabled(Storage, "openebs");

    /// <summary>True when privileged containers are allowed (systemOptions.allowPrivileged or OpenEBS enabled).</summary>
    public bool AllowPrivileged => SystemOptions?.AllowPrivileged == true || OpenEbsEnabled;

    public NodeProfile? FindProfile(string name) => NodeProfiles.FirstOrDefault(p => p.Name == name);

    public Flavor? FindFlavor(string name) => Installer.Flavors.Items.FirstOrDefault(f => f.Name == name);

    /// <summary>installer.flavors.default when set, else the first flavor.</summary>
    public Flavor? DefaultFlavor =>
        (Installer.Flavors.Default is { } name ? FindFlavor(name) : null) ?? Installer.Flavors.Items.FirstOrDefault();

    /// <summary>The runtime options of nodes of <paramref name="profile"/>: its systemOptions over the global ones, with defaults.</summary>
    public SystemOptions SystemOptionsFor(NodeProfile profile) => SystemOptionsMerge.Merge(SystemOptions, profile.SystemOptions);

    public HookSpec? FindHook(string name) => Hooks.TryGetValue(name, out var hook) ? hook : null;
}
