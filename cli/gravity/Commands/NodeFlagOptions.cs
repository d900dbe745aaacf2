using System.CommandLine;
using Gravity.Cluster.Operations;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// The options of <see cref="NodeFlags"/>, which `gravity install`, `join` and `autojoin` share: declared once, read
/// into the domain's flags once, so the commands cannot drift apart in names, defaults or meaning.
/// </summary>
internal sealed class NodeFlagOptions(string roleDefault)
{
    public Option<string?> Advertise { get; } = new("--advertise-addr") { Description = "IP address this node is visible as (default: the first non-loopback IPv4 address)" };
    public Option<string?> Role { get; } = new("--role") { Description = $"Node profile of this node (default: {roleDefault})" };
    public Option<string?> NodeName { get; } = new("--node-name") { Description = "This node's name (default: the host name)" };
    public Option<int> Uid { get; } = new("--service-uid") { Description = "User ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceUid };
    public Option<int> Gid { get; } = new("--service-gid") { Description = "Group ID the services run as (created when missing)", DefaultValueFactory = _ => NodeDefaults.ServiceGid };
    public Option<bool> Manual { get; } = new("--manual", "-m") { Description = "Create the operation plan only; run it with gravity plan execute/resume" };
    public Option<string[]> Skip { get; } = new("--skip-check") { Description = "Skip a preflight check on purpose (name or category; repeatable; recorded)", AllowMultipleArgumentsPerToken = false };
    public Option<int> EtcdPort { get; } = new("--etcd-port") { Description = "etcd client port", DefaultValueFactory = _ => NodeDefaults.EtcdClientPort };
    public Option<int> EtcdPeerPort { get; } = new("--etcd-peer-port") { Description = "etcd peer port", DefaultValueFactory = _ => NodeDefaults.EtcdPeerPort };
    public Option<int> RegistryPort { get; } = new("--registry-port") { Description = "Cluster registry port", DefaultValueFactory = _ => NodeDefaults.RegistryPort };
    public Option<int> HealthPort { get; } = new("--health-port") { Description = "Agent and health endpoint port", DefaultValueFactory = _ => NodeDefaults.HealthPort };
    public Option<string> Listen { get; } = new("--listen-addr") { Description = "Where the agent and health endpoint listen", DefaultValueFactory = _ => NodeDefaults.ListenAddress };
    public Option<bool> EtcHosts { get; } = new("--manage-etc-hosts") { Description = "Map leader.telekube.local to the cluster leader in /etc/hosts" };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Advertise, Role, NodeName, Uid, Gid, Manual, Skip, EtcdPort, EtcdPeerPort, RegistryPort, HealthPort, Listen, EtcHosts })
            cmd.Options.Add(o);
    }

    /// <summary><paramref name="flags"/> (an install or join request with its own fields set) with every shared option read from <paramref name="p"/>.</summary>
    public T Fill<T>(ParseResult p, T flags) where T : NodeFlags => (T)(flags with
    {
        StateDir = CommonOptions.StateDirOf(p),
        AdvertiseAddr = p.GetValue(Advertise),
        Role = p.GetValue(Role),
        NodeName = p.GetValue(NodeName),
        ServiceUid = p.GetValue(Uid),
        ServiceGid = p.GetValue(Gid),
        Manual = p.GetValue(Manual),
        SkipChecks = p.GetValue(Skip) ?? [],
        EtcdClientPort = p.GetValue(EtcdPort),
        EtcdPeerPort = p.GetValue(EtcdPeerPort),
        RegistryPort = p.GetValue(RegistryPort),
        HealthPort = p.GetValue(HealthPort),
        ListenAddress = p.GetValue(Listen)!,
        ManageEtcHosts = p.GetValue(EtcHosts),
    });
}
