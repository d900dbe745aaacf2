using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Operations.Shrink.Executors;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Shrink;

/// <summary>The executors of the shrink plan, bound to one operation's configuration.</summary>
public static class ShrinkExecutors
{
    public static PhaseExecutorRegistry Create(ShrinkConfig config, INodeRuntime runtime, TimeProvider? time = null)
    {
        var context = new ShrinkPhaseContext(config, runtime, options => new EtcdGrpcClient(options));
        return new PhaseExecutorRegistry()
            .Register(Name(ShrinkPhases.PreNodeRemove), new HookSlotExecutor(context.Manifest, "preNodeRemove", context.Initiator, config.AppName, config.AppVersion))
            .Register(Name(ShrinkPhases.Drain), new DrainNodeExecutor(context, time ?? TimeProvider.System))
            .Register(Name(ShrinkPhases.Records), new NodeRecordsExecutor(context))
            .Register(Name(ShrinkPhases.Etcd), new EtcdMemberRemoveExecutor(context))
            .Register(Name(ShrinkPhases.Clean), new CleanNodeExecutor(context))
            .Register(Name(ShrinkPhases.PostNodeRemove), new HookSlotExecutor(context.Manifest, "postNodeRemove", context.Initiator, config.AppName, config.AppVersion));
    }

    private static string Name(string phaseId) => phaseId.TrimStart('/');
}
