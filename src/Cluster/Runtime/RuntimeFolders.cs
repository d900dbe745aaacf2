using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime;

/// <summary>The folders the node agent needs before it starts its services.</summary>
public static class RuntimeFolders
{
    /// <summary>Creates the folders; root's stay root's even when an older version gave them to the service user.</summary>
    public static async Task CreateAsync(StateFolder folder)
    {
        await ServiceUserFiles.KeepRootsAsync(folder.RootFolders);
        foreach (var dir in folder.ServiceUserFolders) Directory.CreateDirectory(dir);
        // etcd refuses a data folder others can read; the home holds the registry's unpacked native library.
        foreach (var dir in new[] { folder.EtcdData, folder.ServiceHome })
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
