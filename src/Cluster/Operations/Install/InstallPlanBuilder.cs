using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// The plan of an install on one node. Each phase requires the one before it, so `plan execute` cannot skip ahead;
/// executors are named after their phase. Joining nodes will get their own per-node groups later (/nodes/&lt;name&gt;/...).
/// </summary>
public static class InstallPlanBuilder
{
    public static OperationPlan Build(string operationId, InstallConfig config)
    {
        var node = config.Node.NodeName;
        Phase Leaf(string id, string description, params string[] requires) =>
            new() { Id = id, Description = description, Node = node, Requires = requires, Executor = id.TrimStart('/') };

        return new OperationPlan
        {
            OperationId = operationId,
            OperationType = OperationTypes.Install,
            ClusterName = config.Node.ClusterName,
            Created = config.Created,
            GravityVersion = Core.GravityVersion.Current,
            Phases =
            [
                Leaf(InstallPhases.Checks, $"Run preflight checks of profile \"{config.Node.Role}\""),
                new Phase
                {
                    Id = InstallPhases.Configure, Description = "Configure the node", Requires = [InstallPhases.Checks],
                    Phases =
                    [
                        Leaf(InstallPhases.User, $"Ensure the service user (uid {config.Node.ServiceUid}, gid {config.Node.ServiceGid})"),
                        Leaf(InstallPhases.Certificates, "Generate the cluster CA and node certificates"),
                    ],
                },
                Leaf(InstallPhases.Bootstrap, "Create the state folders and set their ownership", InstallPhases.Configure),
                Leaf(InstallPhases.Unpack, $"Verify the cluster image and unpack {config.AppName}:{config.AppVersion}", InstallPhases.Bootstrap),
                Leaf(InstallPhases.Runtime, "Start the node agent and the runtime services", InstallPhases.Unpack),
                Leaf(InstallPhases.Wait, "Wait for the runtime services to be healthy", InstallPhases.Runtime),
                Leaf(InstallPhases.Export, "Export the container images into the cluster registry", InstallPhases.Wait),
                Leaf(InstallPhases.App, $"Install the application {config.AppName}:{config.AppVersion}", InstallPhases.Export),
                Leaf(InstallPhases.Complete, "Record the cluster state and mark the node added", InstallPhases.App),
            ],
        };
    }
}
