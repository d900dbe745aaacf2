using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity install`: create a single-node cluster from the unpacked cluster image this binary came with.</summary>
internal static class InstallCommand
{
    public static Command Create()
    {
        var cmd = new Command("install", "Create a cluster on this node from a cluster image");
        var from = new Option<string?>("--from") { Description = "The unpacked cluster image folder (default: the folder of the gravity binary)" };
        var advertise = new Option<string?>("--advertise-addr") { Description = "IP address this node is visible as (default: the first non-loopback IPv4 address)" };
        var token = new Option<string?>("--token") { Description = "Token other nodes join with (default: random)" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster name (default: <app>-<random>)" };
        var flavor = new Option<string?>("--flavor") { Description = "Install flavor (default: the manifest's default)" };
        var role = new Option<string?>("--role") { Description = "Node profile of this node (default: from the flavor)" };
        var uid = new Option<int>("--service-uid") { Description = "User ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceUid };
        var gid = new Option<int>("--service-gid") { Description = "Group ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceGid };
        var manual = new Option<bool>("--manual", "-m") { Description = "Create the operation plan only; run it with gravity plan execute/resume" };
        var resume = new Option<bool>("--resume") { Description = "Continue the install in progress on this node" };
        var skip = new Option<string[]>("--skip-check") { Description = "Skip a preflight check on purpose (name or category; repeatable; recorded)", AllowMultipleArgumentsPerToken = false };
        var node = new Option<string?>("--node-name") { Description = "This node's name (default: the host name)" };
        var etcdPort = new Option<int>("--etcd-port") { Description = "etcd client port", DefaultValueFactory = _ => NodeDefaults.EtcdClientPort };
        var etcdPeerPort = new Option<int>("--etcd-peer-port") { Description = "etcd peer port", DefaultValueFactory = _ => NodeDefaults.EtcdPeerPort };
        var registryPort = new Option<int>("--registry-port") { Description = "Cluster registry port", DefaultValueFactory = _ => NodeDefaults.RegistryPort };
        var healthPort = new Option<int>("--health-port") { Description = "Health endpoint port", DefaultValueFactory = _ => NodeDefaults.HealthPort };
        var listen = new Option<string>("--listen-addr") { Description = "Where the registry and health endpoint listen", DefaultValueFactory = _ => NodeDefaults.ListenAddress };
        var etcHosts = new Option<bool>("--manage-etc-hosts") { Description = "Map leader.telekube.local to the advertise address in /etc/hosts" };
        foreach (var o in new Option[] { from, advertise, token, cluster, flavor, role, uid, gid, manual, resume, skip, node, etcdPort, etcdPeerPort, registryPort, healthPort, listen, etcHosts })
            cmd.Options.Add(o);

        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            IProgress<PhaseEvent>? progress = quiet ? null : new PhaseEventWriter(Console.Out);
            var messages = quiet ? null : new ConsoleLines();
            var installer = new Installer(new NodeRuntime());
            InstallResult result;
            if (p.GetValue(resume))
            {
                result = await installer.ResumeAsync(CommonOptions.StateDirOf(p), progress, ct);
            }
            else
            {
                var request = new InstallRequest
                {
                    ImageDir = p.GetValue(from) ?? AppContext.BaseDirectory,
                    StateDir = CommonOptions.StateDirOf(p),
                    ClusterName = p.GetValue(cluster),
                    AdvertiseAddr = p.GetValue(advertise),
                    Token = p.GetValue(token),
                    Flavor = p.GetValue(flavor),
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
                result = await installer.InstallAsync(request, progress, messages, ct);
                if (request.Manual)
                {
                    Console.WriteLine($"created the plan of install operation {result.OperationId}; run it with: gravity plan resume (or gravity plan execute --phase P)");
                    return 0;
                }
            }
            if (!quiet) Console.WriteLine($"install operation {result.OperationId} completed; see gravity status");
            return 0;
        });
        return cmd;
    }
}
