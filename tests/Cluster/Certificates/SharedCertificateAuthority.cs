using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Tests.Certificates;

/// <summary>Gives test nodes one cluster CA, as a join does: its certificate and key copied into each node's secrets before the node issues its own.</summary>
public static class SharedCertificateAuthority
{
    public static void CopyTo(string fromSecretsDir, ClusterPki to)
    {
        var from = ClusterPki.InFolder(fromSecretsDir);
        Directory.CreateDirectory(to.SecretsDir);
        File.Copy(from.CaCertPath, to.CaCertPath, overwrite: true);
        File.Copy(from.CaKeyPath, to.CaKeyPath, overwrite: true);
        File.SetUnixFileMode(to.CaKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
