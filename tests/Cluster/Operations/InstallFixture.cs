using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Install;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>A test cluster image and an empty state folder, with free loopback ports for the runtime's services.</summary>
internal sealed class InstallFixture : IDisposable
{
    private readonly TempDir _dir = new("install");

    public string Root => _dir.Path;
    public string StateDir => _dir.Combine("state");
    public string ImageDir { get; private set; } = "";
    public int EtcdPort { get; } = FreePort.Next();
    public int EtcdPeerPort { get; } = FreePort.Next();
    public int RegistryPort { get; } = FreePort.Next();
    public int HealthPort { get; } = FreePort.Next();

    public static async Task<InstallFixture> CreateAsync(string? manifest = null, IReadOnlyDictionary<string, string>? resources = null,
        IReadOnlyList<RuntimePackageProgram>? runtimePrograms = null, TestClusterImageVersion? version = null)
    {
        var f = new InstallFixture();
        f.ImageDir = await TestClusterImage.CreateAsync(f.Root, version ?? new TestClusterImageVersion(), manifest, resources, runtimePrograms);
        return f;
    }

    /// <summary>`gravity install` arguments for this fixture (root runs the services as itself: uid/gid 0 exist, nothing is created).</summary>
    public string[] InstallArgs(params string[] extra) =>
    [
        "install", "--from", ImageDir, "--state-dir", StateDir, "--cluster", "test-cluster", "--node-name", "node-1",
        "--advertise-addr", AdvertiseAddr, "--listen-addr", "127.0.0.1", "--token", "join-secret",
        "--service-uid", ServiceId.ToString(), "--service-gid", ServiceId.ToString(),
        "--etcd-port", EtcdPort.ToString(), "--etcd-peer-port", EtcdPeerPort.ToString(),
        "--registry-port", RegistryPort.ToString(), "--health-port", HealthPort.ToString(), .. extra,
    ];

    /// <summary>The node's address (127.0.0.1 unless a test needs the node to have an address besides loopback's 127.0.0.1).</summary>
    public string AdvertiseAddr { get; set; } = "127.0.0.1";

    /// <summary>uid and gid of the service user (0 by default: root exists, so nothing is created).</summary>
    public int ServiceId { get; set; }

    /// <summary>A uid/gid no account uses here, for the test that lets /configure create the service user.</summary>
    public const int UnusedId = 48213;

    public string RegistryAddress => $"127.0.0.1:{RegistryPort}";

    /// <summary>The configuration of an install of this fixture's image, for driving one phase's executor in-process.</summary>
    public InstallConfig PhaseConfig() => PhaseConfig(ImageDir, StateDir, TestClusterImage.AppName, TestClusterImage.AppVersion);

    public static InstallConfig PhaseConfig(string imageDir, string stateDir, string appName, string appVersion) => new()
    {
        ImageDir = imageDir,
        Node = new NodeSettings { StateDir = stateDir, ClusterName = "c", NodeName = "n", AdvertiseAddr = "127.0.0.1", Role = "worker", GravityBinary = "gravity" },
        AppName = appName, AppVersion = appVersion, JoinToken = "t", GravityBinary = "gravity", Created = DateTimeOffset.UtcNow,
    };

    public void Dispose()
    {
        // Whatever a failed test left running in this state folder.
        if (Directory.Exists(StateDir))
            Gravity.Cluster.Operations.ServiceUser.RemoveCreatedAsync(Path.Combine(StateDir, "local", "created-service-user"), CancellationToken.None).GetAwaiter().GetResult();
        if (Directory.Exists(StateDir))
            Gravity.Cluster.Runtime.AgentLauncher.StopAsync(StateDir, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        Gravity.Cluster.Operations.LeftoverProcesses.KillAsync(StateDir, CancellationToken.None).GetAwaiter().GetResult();
        _dir.Dispose();
    }
}
