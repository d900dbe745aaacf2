using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// The certificates and keys of the services that run as the service user, copied from secrets/ (root's alone, 0700)
/// into service-secrets/: a folder root owns (so the user cannot plant links where root writes), keys 0600 given to
/// the service user. Root never reads the copies; it rewrites them from its own files at every start.
/// </summary>
public static class ServiceCredentials
{
    private const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode CertificateMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Copies exactly what the services present and trust (the CA certificate, the node certificate and its key);
    /// returns the PKI of the copies. A list, not a pattern: a key added to secrets/ later must not reach the service user.
    /// </summary>
    public static async Task<ClusterPki> CopyAsync(NodeSettings node, ClusterPki pki, StateFolder layout)
    {
        await ServiceUserFiles.KeepRootsAsync([layout.ServiceSecrets, pki.SecretsDir]);
        // Older versions gave the node key to the service user and opened secrets/ to it (0711).
        await Core.Processes.ProcessRunner.RunCheckedAsync("chown", ["-R", "0:0", "--", pki.SecretsDir], timeout: TimeSpan.FromSeconds(30));
        File.SetUnixFileMode(pki.SecretsDir, KeyMode | UnixFileMode.UserExecute);

        var keys = new List<string>();
        foreach (var (source, isKey) in new[] { (pki.CaCertPath, false), (pki.NodeCertPath, false), (pki.NodeKeyPath, true) })
        {
            var target = Path.Combine(layout.ServiceSecrets, Path.GetFileName(source));
            await AtomicFile.WriteAllBytesAsync(target, await File.ReadAllBytesAsync(source), isKey ? KeyMode : CertificateMode);
            if (isKey) keys.Add(target);
        }
        await ServiceUserFiles.GiveAsync(node, keys, recursive: false);
        return ClusterPki.InFolder(layout.ServiceSecrets);
    }
}
