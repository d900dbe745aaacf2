using Gravity.Cluster.Plans;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/export: imports (locally; see <see cref="LocalRegistryImporter"/>) every container image of the cluster image into the cluster registry (what `gravity upload` does).</summary>
public sealed class ExportExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        using var client = new RegistryClient(install.Runtime.ClusterRegistryOptions(install.Config.Node));
        var pushed = await ImageExporter.ExportToClusterRegistryAsync(image, install.Config.Node, client, context.Log, ct);
        context.Log($"exported {pushed.Count} image(s) into {install.Config.Node.RegistryAddress}");
    }

    // Images in the registry do no harm and leave removes the registry's data.
    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}
