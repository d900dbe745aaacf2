using System.Text.Json;
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
    public Task<string> InstallAsync(string imageDir) => GravityCheckedAsync("install", "--from", imageDir, "--state-dir", StateDir, "--cluster", "test-cluster",
        "--node-name", Name, "--advertise-addr", Address, "--token", Token, "--service-uid", "0", "--service-gid", "0");

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
        var secrets = Path.Combine(StateDir, "secrets");
        var r = await Machine.RunAsync("curl", ["-sS", "--fail", "--cacert", Path.Combine(secrets, "ca.pem"), "--cert", Path.Combine(secrets, "node.pem"),
            "--key", Path.Combine(secrets, "node-key.pem"), "-X", "POST", "-d", body, $"https://127.0.0.1:2379{path}"]);
        r.ExitCode.Should().Be(0, r.Combined);
        return r.StdOut;
    }

    /// <summary>Stops everything of ours on the node (the namespace's processes are killed by the cluster's dispose too).</summary>
    public async Task LeaveForcedAsync()
    {
        if (Directory.Exists(StateDir)) await GravityAsync("leave", "--force", "--state-dir", StateDir);
    }
}
