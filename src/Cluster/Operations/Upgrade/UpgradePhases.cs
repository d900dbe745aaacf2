namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>The phases of an upgrade and the names of the executors that run them.</summary>
public static class UpgradePhases
{
    public const string Init = "/init";
    public const string Checks = "/checks";
    public const string PreUpdate = "/pre-update";
    public const string Bootstrap = "/bootstrap";
    public const string Masters = "/masters";
    public const string Nodes = "/nodes";
    public const string Etcd = "/etcd";
    public const string Config = "/config";
    public const string App = "/app";
    public const string Gc = "/gc";

    /// <summary>The steps of one master, in order (stepdown only on the first master of a cluster with several).</summary>
    public static readonly string[] MasterSteps = [Stepdown, Drain, SystemUpgrade, Elect, Health, Taint, Uncordon, Endpoints, Untaint];

    public const string Stepdown = "stepdown";
    public const string Drain = "drain";
    public const string SystemUpgrade = "system-upgrade";
    public const string Elect = "elect";
    public const string Health = "health";
    public const string Taint = "taint";
    public const string Uncordon = "uncordon";
    public const string Endpoints = "endpoints";
    public const string Untaint = "untaint";

    /// <summary>Executors of the node-level phases that stage and switch the runtime: registered by the runtime's code, not by <see cref="UpgradeExecutors"/>.</summary>
    public const string BootstrapExecutor = "upgrade-bootstrap";
    public const string SystemUpgradeExecutor = "upgrade-system";
    public const string GcExecutor = "upgrade-gc";

    /// <summary>The phase data naming the node a per-node step is about (it may run on another node).</summary>
    public const string NodeKey = "node";

    public static string ExecutorOf(string step) => step switch
    {
        SystemUpgrade => SystemUpgradeExecutor,
        _ => "upgrade-" + step,
    };
}
