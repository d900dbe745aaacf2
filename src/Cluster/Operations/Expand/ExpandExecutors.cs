using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.Expand.Executors;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>The executors of the join plan, bound to one join's configuration.</summary>
public static class ExpandExecutors
{
    public static PhaseExecutorRegistry Create(ExpandConfig config, INodeRuntime runtime, TimeSpan? healthTimeout = null, TimeProvider? time = null)
    {
        var context = new ExpandPhaseContext(config, runtime, options => new EtcdGrpcClient(options));
        var node = config.Node;
        return new PhaseExecutorRegistry()
            .Register(Name(ExpandPhases.Checks), new JoinChecksExecutor(context))
            .Register(Name(ExpandPhases.User), new ServiceUserExecutor(node))
            .Register(Name(ExpandPhases.Certificates), new JoinCertificatesExecutor(context))
            .Register(Name(ExpandPhases.Bootstrap), new BootstrapExecutor(node))
            .Register(Name(ExpandPhases.Pull), new PullExecutor(context))
            .Register(Name(ExpandPhases.PreNodeAdd), new HookSlotExecutor(context.Manifest, "preNodeAdd", () => context.Node, config.Admission.AppName, config.Admission.AppVersion, time))
            .Register(Name(ExpandPhases.Etcd), new EtcdMemberExecutor(context))
            // The node record as /etcd left it (node.json), not as the join began: it holds the member's cluster.
            .Register(Name(ExpandPhases.System), new RuntimeExecutor(node, runtime, () => NodeAgentConfig.Load(node.StateDir)))
            .Register(Name(ExpandPhases.Wait), new JoinWaitExecutor(context, healthTimeout ?? TimeSpan.FromMinutes(3), time ?? TimeProvider.System))
            .Register(Name(ExpandPhases.Registry), new RegistrySyncExecutor(context))
            .Register(Name(ExpandPhases.PostNodeAdd), new HookSlotExecutor(context.Manifest, "postNodeAdd", () => context.Node, config.Admission.AppName, config.Admission.AppVersion, time))
            .Register(Name(ExpandPhases.Elect), new ElectExecutor(context));
    }

    private static string Name(string phaseId) => phaseId.TrimStart('/');
}
