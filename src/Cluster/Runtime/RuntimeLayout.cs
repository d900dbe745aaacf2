namespace Gravity.Cluster.Runtime;

/// <summary>The node agent's files under the state folder: every service keeps its data here, never in the host's default places.</summary>
public sealed record RuntimeLayout(string StateDir)
{
    public string Logs => Path.Combine(StateDir, "logs");
    public string Run => Path.Combine(StateDir, "run");
    public string RuntimeBin => Path.Combine(StateDir, "runtime", "bin");
    public string EtcdData => Path.Combine(StateDir, "etcd");
    public string RegistryData => Path.Combine(StateDir, "registry");
    /// <summary>
    /// The service user's home: the single-file gravity unpacks its native libraries under $HOME (or
    /// DOTNET_BUNDLE_EXTRACT_BASE_DIR) when it starts, and the service user has no home of its own to write to.
    /// </summary>
    public string ServiceHome => Path.Combine(StateDir, "service-home");
    /// <summary>Copies of the certificates and keys the service user's services need: secrets/ itself is root's alone (0700).</summary>
    public string ServiceSecrets => Path.Combine(StateDir, "service-secrets");
    public string ContainerdDir => Path.Combine(StateDir, "containerd");
    public string ContainerdRoot => Path.Combine(ContainerdDir, "root");
    public string ContainerdState => Path.Combine(ContainerdDir, "state");
    public string ContainerdSocket => Path.Combine(ContainerdDir, "containerd.sock");
    public string ContainerdConfig => Path.Combine(ContainerdDir, "config.toml");
    /// <summary>containerd's registry host configuration (hosts.toml per registry); pass it to `ctr --hosts-dir`.</summary>
    public string ContainerdHostsDir => Path.Combine(ContainerdDir, "certs.d");
    public string KubernetesDir => Path.Combine(StateDir, "kubernetes");
    public string AgentPidFile => Path.Combine(Run, "agent.pid");
    public string AgentLog => Path.Combine(Logs, "agent.log");
    public string PidFile(string service) => Path.Combine(Run, $"{service}.pid");
    public string LogFile(string service) => Path.Combine(Logs, $"{service}.log");

    /// <summary>
    /// Folders root writes or reads as configuration: the agent's logs (root appends every service's output), pid files
    /// (root kills what they name), containerd's (it runs as root) and the folder root writes the services' key copies
    /// into. None of them may be the service user's.
    /// </summary>
    public IReadOnlyList<string> RootFolders => [Logs, Run, ContainerdDir, ServiceSecrets];

    /// <summary>The data of the services that run as the service user (and its home): the only folders it owns.</summary>
    public IReadOnlyList<string> ServiceUserFolders => [EtcdData, RegistryData, ServiceHome];

    /// <summary>Everything the runtime creates directly in the state folder.</summary>
    public IReadOnlyList<string> CreatedEntries =>
    [
        .. RootFolders, .. ServiceUserFolders, KubernetesDir, NodeAgentConfig.ConfigPathOf(StateDir),
        .. new[] { "", "-wal", "-shm" }.Select(suffix => Path.Combine(StateDir, "history.db" + suffix)),
    ];

    /// <summary>Creates the folders; root's stay root's even when an older version gave them to the service user.</summary>
    public async Task CreateFoldersAsync()
    {
        await ServiceUserFiles.KeepRootsAsync(RootFolders);
        foreach (var dir in ServiceUserFolders) Directory.CreateDirectory(dir);
        // etcd refuses a data folder others can read; the home holds the registry's unpacked native library.
        foreach (var dir in new[] { EtcdData, ServiceHome })
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
