using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Operations.Upgrade.Executors;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// The executors of the upgrade plan, bound to one operation's configuration. The node-level phases that stage and
/// switch the runtime (<see cref="UpgradePhases.BootstrapExecutor"/>, <see cref="UpgradePhases.SystemUpgradeExecutor"/>,
/// <see cref="UpgradePhases.GcExecutor"/>) are not here: they come with the runtime's upgrade code, and until then
/// those phases fail naming the executor this binary lacks.
/// </summary>
public static class UpgradeExecutors
{
    public static PhaseExecutorRegistry Create(UpgradeConfig config, INodeRuntime runtime, TimeProvider? time = null, TimeSpan? healthTimeout = null)
    {
        var clock = time ?? TimeProvider.System;
        var context = new UpgradePhaseContext(config, runtime, options => new EtcdGrpcClient(options));
        return new PhaseExecutorRegistry()
            .Register("upgrade-init", new InitExecutor(context))
            .Register("upgrade-checks", new ChecksExecutor(context))
            .Register("upgrade-pre-update", new HookSlotExecutor(context.NewManifest, "preUpdate", context.Initiator, config.AppName, config.ToVersion, clock))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Stepdown), new LeaderElectionExecutor(context, stepDown: true))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Drain), new NodeSchedulingExecutor(context, SchedulingStep.Drain, clock))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Elect), new LeaderElectionExecutor(context, stepDown: false))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Health), new HealthExecutor(context, healthTimeout))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Taint), new NodeSchedulingExecutor(context, SchedulingStep.Taint, clock))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Uncordon), new NodeSchedulingExecutor(context, SchedulingStep.Uncordon, clock))
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Endpoints), new EndpointsExecutor())
            .Register(UpgradePhases.ExecutorOf(UpgradePhases.Untaint), new NodeSchedulingExecutor(context, SchedulingStep.Untaint, clock))
            .Register("upgrade-etcd-backup", new EtcdBackupExecutor(context))
            .Register("upgrade-config", new ConfigExecutor(context))
            .Register("upgrade-app", new AppUpdateExecutor(context, clock))
            .Register(UpgradePhases.BootstrapExecutor, new UpgradeBootstrapExecutor(context))
            .Register(UpgradePhases.SystemUpgradeExecutor, new SystemUpgradeExecutor(context, healthTimeout))
            .Register(UpgradePhases.GcExecutor, new UpgradeGcExecutor(context));
    }
}
