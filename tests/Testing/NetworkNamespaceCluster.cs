using System.Diagnostics;
using System.Globalization;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>
/// Machines on a private network for multi-node tests: one bridge namespace holding a Linux bridge and one network
/// namespace per node, joined to the bridge by a veth pair, with an address of 10.213.X.0/24 (X random per run) and its
/// own /etc/hosts naming every node. Traffic only flows between the namespaces: the host never gets a route to them.
/// Dispose kills whatever still runs inside, deletes the namespaces and their /etc/netns folders, also after a failure.
/// </summary>
public sealed class NetworkNamespaceCluster : IAsyncDisposable
{
    // The test process's pid is part of every name, so a later run can tell leftovers of a crashed run from the
    // namespaces of a run still going on next to it.
    private const string Prefix = "gt";
    private const string EtcNetns = "/etc/netns";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string _bridgeNamespace;
    private readonly List<NetworkNamespaceNode> _nodes = [];
    private readonly List<string> _created = [];
    private bool _disposed;

    private NetworkNamespaceCluster(string runId, int subnet)
    {
        RunId = runId;
        Subnet = $"10.213.{subnet}.0/24";
        SubnetThirdOctet = subnet;
        _bridgeNamespace = $"{Prefix}{runId}-br";
    }

    public string RunId { get; }

    public string Subnet { get; }

    private int SubnetThirdOctet { get; }

    public IReadOnlyList<NetworkNamespaceNode> Nodes => _nodes;

    public NetworkNamespaceNode this[string name] => _nodes.Single(n => n.Name == name);

    /// <summary>Why the harness cannot run here (not root, no ip), or null.</summary>
    public static string? Unavailable()
    {
        if (ProcessRunner.Which("ip") is null) return "the ip command (iproute2) is not installed";
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
            return "network namespaces need root";
        return null;
    }

    /// <summary>Creates the network with one node namespace per name (names also go into every node's /etc/hosts).</summary>
    public static async Task<NetworkNamespaceCluster> CreateAsync(params string[] nodeNames)
    {
        if (Unavailable() is { } reason) throw new InvalidOperationException($"cannot create test namespaces: {reason}");
        if (nodeNames.Length is 0 or > 200) throw new ArgumentException("between 1 and 200 nodes", nameof(nodeNames));
        if (nodeNames.Distinct(StringComparer.Ordinal).Count() != nodeNames.Length) throw new ArgumentException("node names must differ", nameof(nodeNames));
        await RemoveLeftoversOfDeadRunsAsync();

        var runId = $"{Environment.ProcessId}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        var cluster = new NetworkNamespaceCluster(runId, System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 255));
        try
        {
            await cluster.BuildAsync(nodeNames);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(string[] nodeNames)
    {
        await AddNamespaceAsync(_bridgeNamespace);
        // No forwarding delay: a port that comes up (a node put back on the network) forwards at once.
        await IpAsync("-n", _bridgeNamespace, "link", "add", "br0", "type", "bridge", "forward_delay", "0");
        await IpAsync("-n", _bridgeNamespace, "link", "set", "br0", "up");

        for (var i = 0; i < nodeNames.Length; i++)
        {
            var ns = $"{Prefix}{RunId}-{i}";
            var address = $"10.213.{SubnetThirdOctet}.{i + 1}";
            // /etc/netns/NAME must exist before the first `ip netns exec` for it to be bind-mounted over /etc.
            Directory.CreateDirectory(Path.Combine(EtcNetns, ns));
            await AddNamespaceAsync(ns);
            var port = $"p{i}";
            await IpAsync("-n", _bridgeNamespace, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
            await IpAsync("-n", _bridgeNamespace, "link", "set", port, "master", "br0");
            await IpAsync("-n", _bridgeNamespace, "link", "set", port, "up");
            await IpAsync("-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
            await IpAsync("-n", ns, "link", "set", "eth0", "up");
            _nodes.Add(new NetworkNamespaceNode(this, nodeNames[i], ns, address, port));
        }

        var hosts = "127.0.0.1 localhost\n::1 localhost\n" + string.Concat(_nodes.Select(n => $"{n.Address} {n.Name} {n.HostName}\n"));
        foreach (var node in _nodes) await File.WriteAllTextAsync(Path.Combine(EtcNetns, node.Namespace, "hosts"), hosts);
    }

    private async Task AddNamespaceAsync(string ns)
    {
        await IpAsync("netns", "add", ns);
        _created.Add(ns);
        await IpAsync("-n", ns, "link", "set", "lo", "up");
    }

    internal Task SetBridgePortAsync(string port, bool up) => IpAsync("-n", _bridgeNamespace, "link", "set", port, up ? "up" : "down");

    internal static async Task IpAsync(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("ip", args, timeout: CommandTimeout);
        if (!r.Succeeded) throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {r.Combined.Trim()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Processes first: a namespace with processes in it stays alive (unnamed) after `ip netns delete`.
        foreach (var ns in _created) await KillProcessesInAsync(ns);
        foreach (var ns in _created) await RemoveNamespaceAsync(ns);
    }

    internal static async Task KillProcessesInAsync(string ns)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var pids = await PidsAsync(ns);
            if (pids.Count == 0) return;
            foreach (var pid in pids)
            {
                try { using var p = Process.GetProcessById(pid); p.Kill(entireProcessTree: true); }
                catch (ArgumentException) { } // already gone
                catch (InvalidOperationException) { }
                catch (System.ComponentModel.Win32Exception) { }
            }
            await Task.Delay(100);
        }
    }

    private static async Task<List<int>> PidsAsync(string ns)
    {
        var r = await ProcessRunner.RunAsync("ip", ["netns", "pids", ns], timeout: CommandTimeout);
        if (!r.Succeeded) return [];
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId).ToList();
    }

    private static async Task RemoveNamespaceAsync(string ns)
    {
        await ProcessRunner.RunAsync("ip", ["netns", "delete", ns], timeout: CommandTimeout);
        try { Directory.Delete(Path.Combine(EtcNetns, ns), recursive: true); } catch (DirectoryNotFoundException) { } catch (IOException) { }
    }

    /// <summary>Names of this harness's namespaces that exist now (of every run, for checking that nothing is left).</summary>
    public static async Task<IReadOnlyList<string>> ListNamespacesAsync()
    {
        var r = await ProcessRunner.RunAsync("ip", ["netns", "list"], timeout: CommandTimeout);
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0])
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && OwnerPid(name) is not null).ToList();
    }

    private static int? OwnerPid(string ns)
    {
        var dash = ns.IndexOf('-', StringComparison.Ordinal);
        return dash > Prefix.Length && int.TryParse(ns.AsSpan(Prefix.Length, dash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid : null;
    }

    // A test run killed before Dispose (the runner timed out, the machine stopped) leaves its namespaces behind.
    private static async Task RemoveLeftoversOfDeadRunsAsync()
    {
        foreach (var ns in await ListNamespacesAsync())
        {
            if (OwnerPid(ns) is not { } pid || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue;
            await KillProcessesInAsync(ns);
            await RemoveNamespaceAsync(ns);
        }
    }
}
