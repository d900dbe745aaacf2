using Gravity.Cluster.Nodes;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Hooks;

/// <summary>
/// Makes a test's state folder a node with Kubernetes, as the runtime leaves it: the admin kubeconfig (0600) naming the
/// Kubernetes API server test double, and the real kubectl and helm where the runtime package puts them.
/// </summary>
internal static class NodeWithKubernetes
{
    public static void Prepare(StateFolder folder, KubernetesApiServerTestDouble api)
    {
        Directory.CreateDirectory(folder.KubernetesDir);
        api.WriteKubeconfig(folder.AdminKubeconfig);
        File.SetUnixFileMode(folder.AdminKubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(folder.RuntimeBin);
        foreach (var (name, path) in new[] { ("kubectl", KubernetesTools.KubectlPath), ("helm", KubernetesTools.HelmPath) })
            if (File.Exists(path) && !File.Exists(folder.RuntimeBinary(name))) File.CreateSymbolicLink(folder.RuntimeBinary(name), path);
    }
}
