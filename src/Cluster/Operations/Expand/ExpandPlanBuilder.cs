using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// The plan of a join. etcd comes before the node's services: a new member must be added to the cluster before its
/// etcd starts (as a learner, so the cluster's quorum does not change until it has caught up; /wait promotes it).
/// A regular node has no etcd member and no registry of its own, so it has neither phase.
/// </summary>
public static class ExpandPlanBuilder
{
    public static OperationPlan Build(string operationId, ExpandConfig config)
    {
        var node = config.Node.NodeName;
        var master = config.Node.Master;
        var previous = "";
        Phase Leaf(string id, string description)
        {
            var phase = new Phase { Id = id, Description = description, Node = node, Requires = previous.Length == 0 ? [] : [previous], Executor = id.TrimStart('/') };
            previous = id;
            return phase;
        }

        var phases = new List<Phase> { Leaf(ExpandPhases.Checks, $"Run preflight checks of profile \"{config.Node.Role}\"") };
        phases.Add(new Phase
        {
            Id = ExpandPhases.Configure, Description = "Configure the node", Requires = [ExpandPhases.Checks],
            Phases =
            [
                new Phase { Id = ExpandPhases.User, Description = $"Ensure the service user (uid {config.Node.ServiceUid}, gid {config.Node.ServiceGid})", Node = node, Executor = "configure/service-user" },
                new Phase { Id = ExpandPhases.Certificates, Description = "Get the node certificate signed by the cluster CA", Node = node, Executor = "configure/certificates" },
            ],
        });
        previous = ExpandPhases.Configure;
        phases.Add(Leaf(ExpandPhases.Bootstrap, "Create the state folders and set their ownership"));
        phases.Add(Leaf(ExpandPhases.Pull, $"Pull the gravity binary and {config.Admission.AppName}:{config.Admission.AppVersion} from the cluster"));
        phases.Add(Leaf(ExpandPhases.PreNodeAdd, "Run the preNodeAdd hook of the application"));
        if (master) phases.Add(Leaf(ExpandPhases.Etcd, "Add this node to the etcd cluster (as a learner)"));
        phases.Add(Leaf(ExpandPhases.System, "Start the node agent and the runtime services"));
        phases.Add(Leaf(ExpandPhases.Wait, master ? "Wait for etcd to catch up, promote the member, wait for the services to be healthy" : "Wait for the runtime services to be healthy"));
        if (master) phases.Add(Leaf(ExpandPhases.Registry, "Copy every image of the cluster registry into this master's registry"));
        phases.Add(Leaf(ExpandPhases.PostNodeAdd, "Run the postNodeAdd hook of the application"));
        phases.Add(Leaf(ExpandPhases.Elect, master ? "Record the node in the cluster as a master and leader candidate" : "Record the node in the cluster"));
        return new OperationPlan
        {
            OperationId = operationId,
            OperationType = OperationTypes.Expand,
            ClusterName = config.Node.ClusterName,
            Created = config.Created,
            GravityVersion = Core.GravityVersion.Current,
            Phases = phases,
        };
    }
}
