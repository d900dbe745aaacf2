namespace Gravity.Kubernetes.Hooks;

/// <summary>What every hook Job of a cluster gets from the node that runs it: host folders and the service user.</summary>
/// <param name="ResourcesDir">The application's resources (what sat beside app.yaml at build time) on the host.</param>
/// <param name="Kubectl">The kubectl binary on the host, mounted at /usr/local/bin/kubectl.</param>
/// <param name="Helm">The helm binary on the host, mounted at /usr/local/bin/helm.</param>
/// <param name="ClusterInfo">The keys and values of kube-system/cluster-info, given to every container as environment variables (by value: a job in another namespace could not reference that ConfigMap).</param>
/// <param name="BackupDir">The host folder backup and restore hooks get at HookJobBuilder.BackupPath (null for other hooks).</param>
public sealed record HookJobContext(string ResourcesDir, string Kubectl, string Helm, int ServiceUid, IReadOnlyDictionary<string, string> ClusterInfo, string? BackupDir = null);
