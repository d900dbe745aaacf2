using System.CommandLine;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity join PEER`: add this node to the cluster PEER belongs to.</summary>
internal static class JoinCommand
{
    public static Command Create()
    {
        var cmd = new Command("join", "Add this node to a cluster, through one of its nodes (PEER)");
        var peer = new Argument<string?>("peer") { Description = "A node of the cluster: ADDR or ADDR:PORT of its agent (port 7575 by default)", Arity = ArgumentArity.ZeroOrOne };
        var advertise = new Option<string?>("--advertise-addr") { Description = "IP address this node is visible as (default: the first non-loopback IPv4 address)" };
        var token = new Option<string?>("--token") { Description = "The cluster's join token (gravity status on a cluster node prints it)" };
        var role = new Option<string?>("--role") { Description = "Node profile of this node (default: the first profile of the installed flavor not yet full)" };
        var node = new Option<string?>("--node-name") { Description = "This node's name (default: the host name)" };
        var uid = new Option<int>("--service-uid") { Description = "User ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceUid };
        var gid = new Option<int>("--service-gid") { Description = "Group ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceGid };
        var manual = new Option<bool>("--manual", "-m") { Description = "Create the operation plan only; run it with gravity plan execute/resume" };
        var resume = new Option<bool>("--resume") { Description = "Continue the join in progress on this node" };
        var skip = new Option<string[]>("--skip-check") { Description = "Skip a preflight check on purpose (name or category; repeatable; recorded)", AllowMultipleArgumentsPerToken = false };
        var etcdPort = new Option<int>("--etcd-port") { Description = "etcd client port", DefaultValueFactory = _ => NodeDefaults.EtcdClientPort };
        var etcdPeerPort = new Option<int>("--etcd-peer-port") { Description = "etcd peer port", DefaultValueFactory = _ => NodeDefaults.EtcdPeerPort };
        var registryPort = new Option<int>("--registry-port") { Description = "Cluster registry port", DefaultValueFactory = _ => NodeDefaults.RegistryPort };
        var healthPort = new Option<int>("--health-port") { Description = "Agent and health endpoint port", DefaultValueFactory = _ => NodeDefaults.HealthPort };
        var listen = new Option<string>("--listen-addr") { Description = "Where the agent and health endpoint listen", DefaultValueFactory = _ => NodeDefaults.ListenAddress };
        var etcHosts = new Option<bool>("--manage-etc-hosts") { Description = "Map leader.telekube.local to the cluster leader in /etc/hosts" };
        cmd.Arguments.Add(peer);
        foreach (var o in new Option[] { advertise, token, role, node, uid, gid, manual, resume, skip, etcdPort, etcdPeerPort, registryPort, healthPort, listen, etcHosts })
            cmd.Options.Add(o);

        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            IProgress<PhaseEvent>? progress = quiet ? null : new PhaseEventWriter(Console.Out);
            var joiner = new Joiner(new NodeRuntime());
            JoinResult result;
            if (p.GetValue(resume))
                result = await joiner.ResumeAsync(CommonOptions.StateDirOf(p), progress, ct);
            else
            {
                var request = new JoinRequest
                {
                    Peer = p.GetValue(peer) ?? throw new GravityException("gravity join: give PEER, the address of a node of the cluster (or --resume)"),
                    Token = p.GetValue(token) ?? throw new GravityException("gravity join: --token is required (gravity status on a cluster node prints it)"),
                    StateDir = CommonOptions.StateDirOf(p),
                    AdvertiseAddr = p.GetValue(advertise),
                    Role = p.GetValue(role),
                    NodeName = p.GetValue(node),
                    ServiceUid = p.GetValue(uid),
                    ServiceGid = p.GetValue(gid),
                    Manual = p.GetValue(manual),
                    SkipChecks = p.GetValue(skip) ?? [],
                    EtcdClientPort = p.GetValue(etcdPort),
                    EtcdPeerPort = p.GetValue(etcdPeerPort),
                    RegistryPort = p.GetValue(registryPort),
                    HealthPort = p.GetValue(healthPort),
                    ListenAddress = p.GetValue(listen)!,
                    ManageEtcHosts = p.GetValue(etcHosts),
                };
                result = await joiner.JoinAsync(request, progress, quiet ? null : new ConsoleLines(), ct);
                if (request.Manual)
                {
                    Console.WriteLine($"created the plan of expand operation {result.OperationId}; run it with: gravity plan resume (or gravity plan execute --phase P)");
                    return 0;
                }
            }
            if (!quiet) Console.WriteLine($"expand operation {result.OperationId} completed: this node joined the cluster; see gravity status");
            return 0;
        });
        return cmd;
    }
}
