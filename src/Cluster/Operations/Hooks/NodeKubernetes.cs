using Gravity.Cluster.Nodes;
using Gravity.Core.IO;
using Gravity.Kubernetes;
using k8s;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// The node's way to its Kubernetes API: the admin kubeconfig the runtime writes (<see cref="StateFolder.AdminKubeconfig"/>).
/// Without it the node has no Kubernetes. Root takes it as configuration (where to connect, with which credentials), so
/// it is read only when it is root's regular file that no one else may write (<see cref="RootOwnedFile"/>).
/// </summary>
public static class NodeKubernetes
{
    public const long MaxKubeconfigBytes = 1 << 20;

    public static bool Available(StateFolder folder) => File.Exists(folder.AdminKubeconfig);

    /// <summary>A connection through the admin kubeconfig, or null when the node has none.</summary>
    public static KubernetesApiConnection? TryConnect(StateFolder folder)
    {
        if (!Available(folder)) return null;
        using var kubeconfig = new MemoryStream(RootOwnedFile.Read(folder.AdminKubeconfig, MaxKubeconfigBytes));
        try
        {
            return new KubernetesApiConnection(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException or FormatException)
        {
            throw new Core.GravityException($"{folder.AdminKubeconfig} is not a usable kubeconfig: {ex.Message}", ex);
        }
    }
}
