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

    /// <summary>A start info running the program inside this node's namespace (with its own /etc/hosts).</summary>
    public ProcessStartInfo StartInfo(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", Namespace, fileName, .. args]) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Runs a program inside the namespace to its end.</summary>
    public Task<ProcessResult> RunAsync(string fileName, string[] args, TimeSpan? timeout = null, CancellationToken ct = default)
        => ProcessRunner.RunAsync("ip", ["netns", "exec", Namespace, fileName, .. args], timeout: timeout ?? TimeSpan.FromMinutes(1), ct: ct);

    /// <summary>Cuts the node off the network (its bridge port goes down; the node keeps its address), as a lost machine.</summary>
    public Task DisconnectAsync() => _cluster.SetBridgePortAsync(_bridgePort, up: false);

    /// <summary>Puts the node back on the network.</summary>
    public Task ReconnectAsync() => _cluster.SetBridgePortAsync(_bridgePort, up: true);
}
