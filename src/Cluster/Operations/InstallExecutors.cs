using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.Executors;
using Gravity.Cluster.Plans;
using static Gravity.Cluster.Operations.InstallPhases;

namespace Gravity.Cluster.Operations;

/// <summary>The executors of the install plan, bound to one install's configuration.</summary>
public static class InstallExecutors
{
    public static PhaseExecutorRegistry Create(InstallConfig config, INodeRuntime runtime, TimeSpan? healthTimeout = null)
    {
        UnpackedClusterImage? image = null;
        var context = new InstallPhaseContext(config, runtime, async ct => image ??= await UnpackedClusterImage.OpenAsync(config.ImageDir, ct));
        return new PhaseExecutorRegistry()
            .Register(Name(Checks), new ChecksExecutor(context))
            .Register(Name(User), new ServiceUserExecutor(context))
            .Register(Name(Certificates), new CertificatesExecutor(context))
            .Register(Name(Bootstrap), new BootstrapExecutor(context))
            .Register(Name(Unpack), new UnpackExecutor(context))
            .Register(Name(Runtime), new RuntimeExecutor(context))
            .Register(Name(Wait), new WaitExecutor(context, healthTimeout ?? TimeSpan.FromMinutes(3)))
            .Register(Name(Export), new ExportExecutor(context))
            .Register(Name(App), new AppExecutor(context))
            .Register(Name(Complete), new CompleteExecutor(context, c => new EtcdClient(new EtcdClientOptions(c.EtcdEndpoint))));
    }

    private static string Name(string phaseId) => phaseId.TrimStart('/');
}
