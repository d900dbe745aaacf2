using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations;

/// <summary>The install of this node, as recorded in its state folder: the operation and its configuration.</summary>
public sealed record InstalledNode(OperationStore Store, OperationRecord Install, InstallConfig Config)
{
    /// <summary>The node's install, or null when the state folder holds none.</summary>
    public static async Task<InstalledNode?> FindAsync(string stateDir, CancellationToken ct = default)
    {
        var store = new OperationStore(stateDir);
        if (!store.Database.Exists) return null;
        var install = (await store.ListAsync(ct)).FirstOrDefault(o => o.Type == OperationTypes.Install);
        return install is null ? null : new InstalledNode(store, install, InstallConfig.Deserialize(install.Config));
    }

    public static async Task<InstalledNode> GetAsync(string stateDir, CancellationToken ct = default) =>
        await FindAsync(stateDir, ct) ?? throw new GravityException(
            $"no cluster is installed on this node (no install recorded in {Path.GetFullPath(stateDir)}; is --state-dir right?)");
}
