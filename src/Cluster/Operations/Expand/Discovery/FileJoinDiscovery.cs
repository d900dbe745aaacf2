using Gravity.Core;
using Gravity.Core.IO;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// `--discovery-file PATH`: a <see cref="DiscoveryDocument"/> in a file. It holds the token, so it must be root's and
/// writable by nobody else (<see cref="RootOwnedFile"/>); publishing writes it 0600, atomically.
/// </summary>
public sealed class FileJoinDiscovery(string path) : IJoinDiscovery, IJoinDiscoveryPublisher
{
    private readonly string _path = Path.GetFullPath(path);

    public string Provider => "file";

    public Task<JoinDiscoveryRecord> DiscoverAsync(string clusterName, CancellationToken ct = default)
    {
        JoinDiscoveryValidation.ClusterName(clusterName);
        byte[] content;
        try { content = RootOwnedFile.Read(_path, DiscoveryDocument.MaxBytes); }
        catch (GravityException ex)
        {
            // The key names the file already.
            var problem = ex.Message.StartsWith(_path + " ", StringComparison.Ordinal) ? ex.Message[(_path.Length + 1)..] : ex.Message;
            throw new JoinDiscoveryException(Provider, _path, problem, ex);
        }
        return Task.FromResult(DiscoveryDocument.Parse(content, Provider, _path, clusterName));
    }

    public async Task<IReadOnlyList<string>> PublishAsync(JoinDiscoveryRecord record, CancellationToken ct = default)
    {
        JoinDiscoveryValidation.ClusterName(record.ClusterName);
        await AtomicFile.WriteAllBytesAsync(_path, DiscoveryDocument.Format(record), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return [_path];
    }
}
