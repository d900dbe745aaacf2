namespace Gravity.Preflight;

public sealed record PreflightOptions
{
    /// <summary>The state folder the install will use (recorded with the report; volume checks cover the space the application needs).</summary>
    public string StateDir { get; init; } = Gravity.Core.NodeDefaults.StateDir;

    /// <summary>What the install will write under <see cref="StateDir"/> (checked as "state-space"); null: not checked (`gravity check`).</summary>
    public StateSpaceRequirement? StateSpace { get; init; }

    /// <summary>Check names or categories to skip on purpose (cpu, ram, os, volumes, devices, ports, custom, or a full name such as "volume:/var/lib/data"); the skip is recorded in the report.</summary>
    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Ports of the cluster's own services that must be free (etcd client and peer, registry, health: Core.NodeDefaults.ServicePorts unless the install says otherwise).</summary>
    public IReadOnlyList<(string Protocol, int Port)> ExtraPorts { get; init; } = DefaultServicePorts;

    public static IReadOnlyList<(string Protocol, int Port)> DefaultServicePorts => Gravity.Core.NodeDefaults.ServicePorts;

    /// <summary>Create volumes that are missing and allowed to be created (install does; `gravity check` only reports).</summary>
    public bool CreateMissingVolumes { get; init; } = true;

    /// <summary>How much the write test writes (and fsyncs) to measure a volume's transfer rate.</summary>
    public long TransferTestBytes { get; init; } = 64L << 20;

    public TimeSpan CustomCheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string OsReleasePath { get; init; } = "/etc/os-release";
    public string MountsPath { get; init; } = "/proc/mounts";
    public string MemInfoPath { get; init; } = "/proc/meminfo";
}
