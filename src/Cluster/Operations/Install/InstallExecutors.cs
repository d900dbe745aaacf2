using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Install;

/// <summary>The executors of the install plan, bound to one install's configuration.</summary>
public static class InstallExecutors
{
    /// <param name="image">The image when the caller has it open (and verified) already; otherwise opened on first use.</param>
    public static PhaseExecutorRegistry Create(InstallConfig config, INodeRuntime runtime, UnpackedClusterImage? image = null, TimeSpan? healthTimeout = null)
    {
        var context = new InstallPhaseContext(config, runtime, async ct => image ??= await UnpackedClusterImage.OpenAsync(config.ImageDir, ct));
        return new PhaseExecutorRegistry()
            .Register(Name(InstallPhases.Checks), new ChecksExecutor(context))
            .Register(Name(InstallPhases.User), new ServiceUserExecutor(config.Node))
            .Register(Name(InstallPhases.Certificates), new CertificatesExecutor(context))
            .Register(Name(InstallPhases.Bootstrap), new BootstrapExecutor(config.Node))
            .Register(Name(InstallPhases.Unpack), new UnpackExecutor(context))
            .Register(Name(InstallPhases.Runtime), new RuntimeExecutor(config.Node, runtime, () => Runtime.NodeAgentConfig.Of(config.Node)))
            .Register(Name(InstallPhases.Wait), new WaitExecutor(config.Node, runtime, healthTimeout ?? TimeSpan.FromMinutes(3)))
            .Register(Name(InstallPhases.Export), new ExportExecutor(context))
            .Register(Name(InstallPhases.App), new AppExecutor(context))
            .Register(Name(InstallPhases.Complete), new CompleteExecutor(context, node => new EtcdGrpcClient(node.EtcdOptions())));
    }

    private static string Name(string phaseId) => phaseId.TrimStart('/');
}
