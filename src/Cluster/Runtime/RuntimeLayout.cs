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

    /// <summary>Folders the services write into (the install creates them and gives them to the service user).</summary>
    public IReadOnlyList<string> ServiceFolders => [Logs, Run, EtcdData, RegistryData, ContainerdDir];

    public void CreateFolders()
    {
        foreach (var dir in ServiceFolders) Directory.CreateDirectory(dir);
        // etcd refuses a data folder others can read.
        File.SetUnixFileMode(EtcdData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
