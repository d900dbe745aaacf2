namespace Gravity.Cluster.Nodes;

/// <summary>
/// Every path of a node's state folder, in one place: the install, the node agent, its services and leave compute
/// nothing under the folder themselves. Everything the node creates lives here, never in the host's default places,
/// so leave can remove it.
/// </summary>
public sealed record StateFolder(string StateDir)
{
    /// <summary>The node record (<see cref="Runtime.NodeAgentConfig"/>): who the node is, its settings and how its agent runs.</summary>
    public string NodeFile => Path.Combine(StateDir, "node.json");
    /// <summary>Where versions before node.json kept the agent's configuration; read when node.json is missing, removed by leave.</summary>
    public string LegacyAgentFile => Path.Combine(StateDir, "agent.json");

    public string Local => Path.Combine(StateDir, "local");
    public string OperationsDatabase => Path.Combine(Local, "operations.db");
    public string OperationLock => Path.Combine(Local, "operation.lock");
    /// <summary>Present while the node is stopped by `gravity stop`.</summary>
    public string StoppedMarker => Path.Combine(Local, "stopped");
    /// <summary>Written by /configure when it had to create the service user, so leave removes that user too.</summary>
    public string CreatedUserMarker => Path.Combine(Local, "created-service-user");
    /// <summary>Written when the install created the state folder itself, so leave removes the folder even when operations.db cannot be read.</summary>
    public string CreatedStateDirMarker => Path.Combine(Local, "created-state-folder");
    /// <summary>What an upgrade keeps on the node until it is done (the etcd snapshot of /etcd/backup), root's only.</summary>
    public string UpgradeKeep(string operationId) => Path.Combine(Local, "upgrade", operationId);
    /// <summary>The application hooks an operation has completed (one name a line), so a resumed phase does not run them again.</summary>
    public string CompletedHooksFile(string operationId) => Path.Combine(Local, "hooks", $"{operationId}.completed");

    public string Bin => Path.Combine(StateDir, "bin");
    public string GravityBinary => Path.Combine(Bin, "gravity");
    public string Site => Path.Combine(StateDir, "site");
    public string AppDir(string name, string version) => Path.Combine(Site, "apps", name, version);
    /// <summary>The cluster CA and the node's certificate and key: root's alone (0700).</summary>
    public string Secrets => Path.Combine(StateDir, "secrets");
    /// <summary>Copies of the certificates and keys the service user's services need: secrets/ itself is root's alone.</summary>
    public string ServiceSecrets => Path.Combine(StateDir, "service-secrets");
    /// <summary>
    /// What the backup and restore hooks write and read (mounted at NodeDefaults.HookBackupPath in their containers):
    /// root's alone (0700), emptied before and after each backup and restore, so no one else can plant links in it and
    /// no application secret stays behind.
    /// </summary>
    public string Backup => Path.Combine(StateDir, "backup");
    public string HistoryDatabase => Path.Combine(StateDir, Health.History.HistoryStore.FileName);

    public string Logs => Path.Combine(StateDir, "logs");
    public string AgentLog => Path.Combine(Logs, "agent.log");
    public string LogFile(string service) => Path.Combine(Logs, $"{service}.log");
    public string Run => Path.Combine(StateDir, "run");
    public string AgentPidFile => Path.Combine(Run, "agent.pid");
    public string PidFile(string service) => Path.Combine(Run, $"{service}.pid");

    /// <summary>The unpacked runtime package of the cluster image: root's, never the service user's.</summary>
    public string RuntimeDir => Path.Combine(StateDir, "runtime");
    public string RuntimeBin => Path.Combine(RuntimeDir, "bin");
    /// <summary>The runtime package's own manifest (its Kubernetes version, what each binary is), as unpacked.</summary>
    public string RuntimeManifest => Path.Combine(RuntimeDir, "runtime.json");
    /// <summary>Where a runtime package is unpacked before it replaces <see cref="RuntimeDir"/> (a kill leaves it; the next unpack removes it).</summary>
    public string RuntimeStaging => RuntimeDir + ".part";
    /// <summary>The previous runtime folder for the moment of the swap.</summary>
    public string RuntimeRetired => RuntimeDir + ".old";
    /// <summary>A joining node's download of its runtime package from the cluster registry (removed once unpacked).</summary>
    public string RuntimeDownload => RuntimeDir + ".download";
    /// <summary>An upgrade's runtime package, unpacked by bootstrap; system-upgrade makes it <see cref="RuntimeDir"/>.</summary>
    public string RuntimeNext => RuntimeDir + ".next";
    /// <summary>The runtime an upgrade replaced, kept until the operation completes so that a rollback can return to it.</summary>
    public string RuntimePrevious => RuntimeDir + ".previous";
    /// <summary>An upgrade's gravity binary, staged by bootstrap beside <see cref="GravityBinary"/>.</summary>
    public string GravityBinaryNext => GravityBinary + ".next";
    /// <summary>The gravity binary an upgrade replaced, kept for a rollback until the operation completes.</summary>
    public string GravityBinaryPrevious => GravityBinary + ".previous";
    /// <summary>The gravity binary `gravity agent deploy` sent for this node's update agent (the upgrade's new one).</summary>
    public string UpdateAgentBinary => Path.Combine(Bin, "gravity-update");
    /// <summary>
    /// The update agent's pid: not in <see cref="Run"/>, whose pid files the node agent's stop kills as leftovers (the
    /// update agent is what stops and restarts the node agent during system-upgrade).
    /// </summary>
    public string UpdateAgentPidFile => Path.Combine(Local, "update-agent.pid");
    /// <summary>The URL the running update agent serves phases on (its port may be chosen at start).</summary>
    public string UpdateAgentUrlFile => Path.Combine(Local, "update-agent.url");
    public string UpdateAgentLog => Path.Combine(Logs, "update-agent.log");
    /// <summary>A program of the cluster image's runtime package (etcd, containerd, kubelet...).</summary>
    public string RuntimeBinary(string program) => Path.Combine(RuntimeBin, program);
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
    public string ContainerdOpt => Path.Combine(ContainerdDir, "opt");
    public string ContainerdSocket => Path.Combine(ContainerdDir, "containerd.sock");
    public string ContainerdConfig => Path.Combine(ContainerdDir, "config.toml");
    /// <summary>containerd's registry host configuration (hosts.toml per registry); pass it to `ctr --hosts-dir`.</summary>
    public string ContainerdHostsDir => Path.Combine(ContainerdDir, "certs.d");
    public string ContainerdHostConfig(string host) => Path.Combine(ContainerdHostsDir, host, "hosts.toml");
    public string KubernetesDir => Path.Combine(StateDir, "kubernetes");
    public string KubeletRoot => Path.Combine(KubernetesDir, "kubelet");
    /// <summary>cluster-admin credentials for the local kube-apiserver (root's, 0600): what /app, hooks and gravity's Kubernetes calls use.</summary>
    public string AdminKubeconfig => Path.Combine(KubernetesDir, "admin.kubeconfig");
    /// <summary>The kubeconfigs of the node's Kubernetes components (root's, 0600), each with its own client certificate.</summary>
    public string KubeletKubeconfig => Path.Combine(KubernetesDir, "kubelet.kubeconfig");
    public string KubeProxyKubeconfig => Path.Combine(KubernetesDir, "kube-proxy.kubeconfig");
    public string ControllerManagerKubeconfig => Path.Combine(KubernetesDir, "controller-manager.kubeconfig");
    public string SchedulerKubeconfig => Path.Combine(KubernetesDir, "scheduler.kubeconfig");

    /// <summary>
    /// Folders root runs, reads as configuration or writes: the gravity binary and the application (bin, site), every
    /// service's log (root appends their output), pid files (root kills what they name), containerd's (it runs as root),
    /// the folder root writes the services' key copies into, and the runtime package root runs etcd, containerd and
    /// Kubernetes from. None of them may be the service user's.
    /// </summary>
    public IReadOnlyList<string> RootFolders => [Site, Bin, Logs, Run, ContainerdDir, ServiceSecrets, RuntimeDir];

    /// <summary>The data of the services that run as the service user (and its home): the only folders it owns.</summary>
    public IReadOnlyList<string> ServiceUserFolders => [EtcdData, RegistryData, ServiceHome];

    /// <summary>Every entry the node creates directly in the state folder: what leave removes, and what an install refuses to find there already.</summary>
    public IReadOnlyList<string> CreatedEntries =>
    [
        Local, Secrets, Backup, .. RootFolders, .. ServiceUserFolders, KubernetesDir, NodeFile, LegacyAgentFile,
        RuntimeStaging, RuntimeRetired, RuntimeDownload, RuntimeNext, RuntimePrevious, RuntimeNext + ".part", RuntimeNext + ".old",
        .. new[] { "", "-wal", "-shm" }.Select(suffix => HistoryDatabase + suffix),
    ];
}
