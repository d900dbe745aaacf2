using System.Diagnostics;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>One machine of a <see cref="NetworkNamespaceCluster"/>: its namespace, address and link.</summary>
public sealed class NetworkNamespaceNode
{
    private readonly NetworkNamespaceCluster _cluster;
    private readonly string _bridgePort;

    internal NetworkNamespaceNode(NetworkNamespaceCluster cluster, string name, string ns, string address, string bridgePort)
    {
        _cluster = cluster;
        Name = name;
        Namespace = ns;
        Address = address;
        _bridgePort = bridgePort;
    }

    public string Name { get; }

    public string Namespace { get; }

    public string Address { get; }

    /// <summary>The machine's host name, which differs from <see cref="Name"/> (what tests usually give as the node name).</summary>
    public string HostName => $"{Name}.netns.test";

    /// <summary>A start info running the program inside this node's namespace (with its own /etc/hosts and host name).</summary>
    public ProcessStartInfo StartInfo(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in Command(fileName, args)) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Runs a program inside the namespace to its end.</summary>
    public Task<ProcessResult> RunAsync(string fileName, string[] args, TimeSpan? timeout = null, CancellationToken ct = default)
        => ProcessRunner.RunAsync("ip", Command(fileName, args), timeout: timeout ?? TimeSpan.FromMinutes(1), ct: ct);

    // The namespace shares the host's UTS namespace: each command gets one of its own with the machine's host name,
    // inherited by whatever it starts (the agent). Every process is exec'd, so the pid stays the program's.
    private string[] Command(string fileName, string[] args)
        => ["netns", "exec", Namespace, "unshare", "--uts", "--", "sh", "-c", "hostname \"$0\" && exec \"$@\"", HostName, fileName, .. args];

    /// <summary>Cuts the node off the network (its bridge port goes down; the node keeps its address), as a lost machine.</summary>
    public Task DisconnectAsync() => _cluster.SetBridgePortAsync(_bridgePort, up: false);

    /// <summary>Kills every process running inside the namespace, as a machine that died (its link is left as it is).</summary>
    public Task KillProcessesAsync() => NetworkNamespaceCluster.KillProcessesInAsync(Namespace);

    /// <summary>Puts the node back on the network.</summary>
    public Task ReconnectAsync() => _cluster.SetBridgePortAsync(_bridgePort, up: true);
}
