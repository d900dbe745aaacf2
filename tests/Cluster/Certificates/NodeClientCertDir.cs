using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Tests.Certificates;

/// <summary>
/// A containers-style certificate folder (skopeo --cert-dir): the cluster CA as ca.crt and the node's client certificate
/// as node.cert/node.key, for tools that must push into the cluster registry.
/// </summary>
public static class NodeClientCertDir
{
    public static string Create(string stateDir, string dir)
    {
        var pki = new ClusterPki(stateDir);
        Directory.CreateDirectory(dir);
        File.Copy(pki.CaCertPath, Path.Combine(dir, "ca.crt"), overwrite: true);
        File.Copy(pki.NodeCertPath, Path.Combine(dir, "node.cert"), overwrite: true);
        File.Copy(pki.NodeKeyPath, Path.Combine(dir, "node.key"), overwrite: true);
        return dir;
    }
}
