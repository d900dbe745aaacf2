using System.Globalization;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Registry;
using Gravity.Core;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /registry (masters): this master's registry gets every repository, tag and blob of the peer's before the join
/// completes (<see cref="ClusterRegistrySync"/>: only missing blobs, each verified), so any master can serve every image.
/// </summary>
public sealed class RegistrySyncExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = join.Node;
        using var client = new RegistryClient(join.Runtime.ClusterRegistryOptions(node));
        var s = await new ClusterRegistrySync(node.Folder.RegistryData, node.ServiceUid, node.ServiceGid)
            .SyncAsync(client, join.Config.Admission.PeerRegistry, context.Log, ct);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"synced {s.Repositories} repositories and {s.Tags} tags from {join.Config.Admission.PeerRegistry}: {s.BlobsCopied} blob(s) copied " +
            $"({ByteSize.Format(s.BytesCopied)}), {s.BlobsSkipped} already here, in {s.Elapsed.TotalSeconds:F2} s"));
    }

    // The copied images are the cluster's: removing the node's registry folder (leave) removes them.
    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
