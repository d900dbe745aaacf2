using Gravity.Cluster.Certificates;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>A kubeconfig with the CA, the client certificate and its key embedded, written atomically, 0600 (it is a credential).</summary>
public static class KubeconfigFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(string path, Uri server, TlsFiles client, string user)
    {
        static async Task<string> Base64(string file) => Convert.ToBase64String(await File.ReadAllBytesAsync(file));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteAllTextAsync(path, $"""
            # Written by the gravity node agent; regenerated at every start.
            apiVersion: v1
            kind: Config
            clusters:
            - name: gravity
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {await Base64(client.CaPath)}
            users:
            - name: {user}
              user:
                client-certificate-data: {await Base64(client.CertPath)}
                client-key-data: {await Base64(client.KeyPath)}
            contexts:
            - name: gravity
              context:
                cluster: gravity
                user: {user}
            current-context: gravity

            """, Mode);
    }
}
