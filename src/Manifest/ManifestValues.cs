namespace Gravity.Manifest;

/// <summary>The closed sets of values the manifest accepts.</summary>
public static class ManifestValues
{
    public static readonly IReadOnlyList<string> ApiVersions =
        ["bundle.gravitational.io/v2", "cluster.gravitational.io/v2", "app.gravitational.io/v2"];

    public static readonly IReadOnlyList<string> Kinds = ["Bundle", "Cluster", "Application", "SystemApplication", "Runtime"];

    public static readonly IReadOnlyList<string> HookNames =
    [
        "install", "postInstall", "clusterProvision", "clusterDeprovision", "nodesProvision", "nodesDeprovision",
        "preNodeAdd", "postNodeAdd", "preNodeRemove", "postNodeRemove", "preUninstall", "uninstall",
        "preUpdate", "update", "postUpdate", "rollback", "postRollback", "status", "info", "licenseUpdated",
        "start", "stop", "dump", "backup", "restore", "networkInstall", "networkUpdate", "networkRollback",
    ];

    /// <summary>Set together or not at all.</summary>
    public static readonly IReadOnlyList<string> ProvisioningHooks =
        ["clusterProvision", "clusterDeprovision", "nodesProvision", "nodesDeprovision"];

    public static readonly IReadOnlyList<string> Protocols = ["tcp", "udp"];
    public static readonly IReadOnlyList<string> EndpointProtocols = ["http", "https"];
    public static readonly IReadOnlyList<string> TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    public static readonly IReadOnlyList<string> ExpandPolicies = ["fixed", "fixed-instance"];
    public static readonly IReadOnlyList<string> ServiceRoles = ["master", "node"];
    public static readonly IReadOnlyList<string> DefaultProviders = ["aws", "gce", "generic"];
    public static readonly IReadOnlyList<string> NetworkTypes = ["vxlan", "wireguard", "calico"];
    public static readonly IReadOnlyList<string> AwsNetworkTypes = ["aws-vpc", "vxlan", "wireguard", "calico"];
    public static readonly IReadOnlyList<string> StorageDrivers = ["overlay", "overlay2", "devicemapper"];
    public static readonly IReadOnlyList<string> HairpinModes = ["promiscuous-bridge", "hairpin-veth", "none"];

    public const string MasterRoleLabel = "node-role.kubernetes.io/master";
    public const string NodeRoleLabel = "node-role.kubernetes.io/node";
    public const string ImpliedProfileName = "node";
    public const string ImpliedFlavorName = "default";
}
