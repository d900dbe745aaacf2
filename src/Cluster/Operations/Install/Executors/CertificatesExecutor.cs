using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/configure/certificates: the cluster CA and this node's certificates.</summary>
public sealed class CertificatesExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => install.Runtime.EnsureCertificatesAsync(install.Config.Node, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        if (Directory.Exists(install.Layout.Secrets)) Directory.Delete(install.Layout.Secrets, recursive: true);
        return Task.CompletedTask;
    }
}
