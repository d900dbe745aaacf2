using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using static Gravity.Cluster.Operations.InstallPhases;

namespace Gravity.Cluster.Operations;

/// <summary>
/// The plan of an install on one node. Each phase requires the one before it, so `plan execute` cannot skip ahead;
/// executors are named after their phase. Joining nodes will get their own per-node groups later (/nodes/&lt;name&gt;/...).
/// </summary>
public static class InstallPlanBuilder
{
    public static OperationPlan Build(string operationId, InstallConfig config)
    {
        var node = config.NodeName;
        Phase Leaf(string id, string description, params string[] requires) =>
            new() { Id = id, Description = description, Node = node, Requires = requires, Executor = id.TrimStart('/') };

        return new OperationPlan
        {
            OperationId = operationId,
            OperationType = OperationTypes.Install,
            ClusterName = config.ClusterName,
            Created = config.Created,
            Phases =
            [
                Leaf(Checks, $"Run preflight checks of profile \"{config.Role}\""),
                new Phase
                {
                    Id = Configure, Description = "Configure the node", Requires = [Checks],
                    Phases =
                    [
                        Leaf(User, $"Ensure the service user (uid {config.ServiceUid}, gid {config.ServiceGid})"),
                        Leaf(Certificates, "Generate the cluster CA and node certificates"),
                    ],
                },
                Leaf(Bootstrap, "Create the state folders and set their ownership", Configure),
                Leaf(Unpack, $"Verify the cluster image and unpack {config.AppName}:{config.AppVersion}", Bootstrap),
                Leaf(Runtime, "Start the node agent and the runtime services", Unpack),
                Leaf(Wait, "Wait for the runtime services to be healthy", Runtime),
                Leaf(Export, "Export the container images into the cluster registry", Wait),
                Leaf(App, $"Install the application {config.AppName}:{config.AppVersion}", Export),
                Leaf(Complete, "Record the cluster state and mark the node added", App),
            ],
        };
    }
}
