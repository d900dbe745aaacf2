using System.Text.Json;
using Gravity.Cluster.State;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>A gravity node in a network namespace of a <see cref="NetworkNamespaceCluster"/>: its own state folder and node name, the standard ports.</summary>
internal sealed class NamespacedNode(NetworkNamespaceNode machine, string root)
{
    public const string Token = "join-secret-of-the-test";

    public NetworkNamespaceNode Machine { get; } = machine;
    public string Name => Machine.Name;
    public string Address => Machine.Address;
    public string StateDir { get; } = Path.Combine(root, machine.Name);

    public Task<ProcessResult> GravityAsync(params string[] args)
        => Machine.RunAsync(ProgramUnderTest.Gravity.FileName, [.. ProgramUnderTest.Gravity.Arguments(args)], TimeSpan.FromMinutes(4));

    public async Task<string> GravityCheckedAsync(params string[] args)
    {
        var r = await GravityAsync(args);
        r.ExitCode.Should().Be(0, $"gravity {string.Join(' ', args)} on {Name} failed:\n{r.Combined}");
        return r.StdOut;
    }

    /// <summary>The first node: the service user is root (uid 0 exists, nothing is created), the node's address advertised.</summary>
    public Task<string> InstallAsync(string imageDir, params string[] extra) => GravityCheckedAsync(["install", "--from", imageDir, "--state-dir", StateDir,
        "--cluster", "test-cluster", "--node-name", Name, "--advertise-addr", Address, "--token", Token, "--service-uid", "0", "--service-gid", "0", .. extra]);

    public Task<ProcessResult> JoinAsync(NamespacedNode peer, params string[] extra) => GravityAsync(["join", peer.Address, "--token", Token, "--state-dir", StateDir,
        "--node-name", Name, "--advertise-addr", Address, "--service-uid", "0", "--service-gid", "0", .. extra]);

    public async Task<JsonElement> StatusAsync()
    {
        var json = await GravityCheckedAsync("status", "--state-dir", StateDir, "--format", "json");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>A call of etcd's JSON gateway on this node's member, with the node's client certificate (etcd requires one), from inside the namespace.</summary>
    public async Task<string> EtcdAsync(string path, string body = "{}")
    {
        var r = await TryEtcdAsync(path, body);
        r.ExitCode.Should().Be(0, r.Combined);
        return r.StdOut;
    }

    private Task<ProcessResult> TryEtcdAsync(string path, string body)
    {
        var secrets = Path.Combine(StateDir, "secrets");
        return Machine.RunAsync("curl", ["-sS", "--fail", "--max-time", "10", "--cacert", Path.Combine(secrets, "ca.pem"), "--cert", Path.Combine(secrets, "node.pem"),
            "--key", Path.Combine(secrets, "node-key.pem"), "-X", "POST", "-d", body, $"https://127.0.0.1:2379{path}"]);
    }

    /// <summary>The leader as this master's etcd member holds the election key (null while no master holds it, or etcd does not answer).</summary>
    public async Task<LeaderRecord?> LeaderAsync()
    {
        var key = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(LeaderRecord.Key));
        var r = await TryEtcdAsync("/v3/kv/range", $$"""{"key":"{{key}}"}""");
        if (r.ExitCode != 0) return null; // etcd electing its own leader after a member died
        var range = JsonDocument.Parse(r.StdOut).RootElement;
        return range.TryGetProperty("kvs", out var kvs) && kvs.GetArrayLength() > 0
            ? LeaderRecord.TryParse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(kvs[0].GetProperty("value").GetString()!)))
            : null;
    }

    /// <summary>What a name resolves to on this machine (its own /etc/hosts), or null.</summary>
    public async Task<string?> ResolveAsync(string name)
    {
        var r = await Machine.RunAsync("getent", ["hosts", name]);
        return r.ExitCode == 0 ? r.StdOut.Split(' ', 2, StringSplitOptions.TrimEntries)[0] : null;
    }

    /// <summary>`ctr images pull` of an image by the cluster registry's name through this node's containerd and its hosts configuration.</summary>
    public Task<ProcessResult> PullAsync(string image) => Machine.RunAsync("ctr", ["--address", Path.Combine(StateDir, "containerd", "containerd.sock"), "images", "pull",
        "--hosts-dir", Path.Combine(StateDir, "containerd", "certs.d"), image]);

    /// <summary>Stops everything of ours on the node (the namespace's processes are killed by the cluster's dispose too).</summary>
    public async Task LeaveForcedAsync()
    {
        if (Directory.Exists(StateDir)) await GravityAsync("leave", "--force", "--state-dir", StateDir);
    }
}
