using Gravity.Cluster.Nodes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Hooks;

/// <summary>
/// What every test of hooks run as Jobs shares: the kubelet test double (the API server double and real
/// containerd/runc with busybox), started for each test (xUnit makes a class instance per test) unless they are missing
/// (the tests skip, saying why),
/// a temporary folder for the node, and the manifest text of a hook.
/// </summary>
public abstract class HookJobTestBase(string folderPrefix) : IAsyncLifetime
{
    /// <summary>Null when the kubelet double cannot run here (only [Fact] tests that need no Kubernetes run then).</summary>
    protected KubeletTestDoubleHarness Harness { get; private set; } = null!;
    protected TempDir Dir { get; } = new(folderPrefix);

    public async Task InitializeAsync()
    {
        if ((KubeletTestDouble.Unavailable() ?? BusyboxTestImage.Unavailable()) is not null) return;
        Harness = await KubeletTestDoubleHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Harness is not null) await Harness.DisposeAsync();
        Dir.Dispose();
    }

    /// <summary>A node of cluster prod whose state folder is in <see cref="Dir"/> (with Kubernetes once <see cref="NodeWithKubernetes.Prepare"/> ran).</summary>
    protected NodeSettings NewNode() => new()
    {
        StateDir = Dir.Combine("state"), ClusterName = "prod", NodeName = "n1", AdvertiseAddr = "127.0.0.1", Role = "worker", GravityBinary = "gravity",
    };

    /// <summary>The lines of hook <paramref name="name"/> under a manifest's `hooks:`: a Job running <paramref name="script"/> in busybox, never retried.</summary>
    protected string Hook(string name, string script) => $$"""
          {{name}}:
            job: |
              apiVersion: batch/v1
              kind: Job
              metadata: {name: {{name.ToLowerInvariant()}}}
              spec:
                backoffLimit: 0
                template:
                  spec:
                    containers:
                      - name: main
                        image: {{Harness?.Image ?? "busybox"}}
                        command: ["/bin/sh", "-c", "{{script}}"]
        """;

    /// <summary>How many Jobs of hook <paramref name="hook"/> the API server double holds.</summary>
    protected int JobsOf(string hook) =>
        Harness.Api.Store.List(KubeletStoreWriter.Jobs, "kube-system", j => j["metadata"]?["labels"]?["gravitational.io/hook"]?.GetValue<string>() == hook).Items.Count;

    /// <summary>
    /// A node as an install leaves it, with the application whose hooks are given (manifest lines of <see cref="Hook"/>)
    /// and Kubernetes when the double runs; its agent is not running.
    /// </summary>
    protected async Task<NodeSettings> InstalledNodeAsync(params string[] hooks)
    {
        var node = NewNode();
        Directory.CreateDirectory(node.StateDir);
        await Gravity.Cluster.Runtime.NodeAgentConfig.Of(node).SaveAsync();
        var appDir = node.Folder.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion);
        Directory.CreateDirectory(appDir);
        await File.WriteAllTextAsync(Path.Combine(appDir, "app.yaml"), TestClusterImage.Manifest("hooks:\n" + string.Join("\n", hooks)));
        if (Harness is not null) NodeWithKubernetes.Prepare(node.Folder, Harness.Api);
        return node;
    }

    /// <summary>Points the node's admin kubeconfig at a closed port: its Kubernetes does not answer.</summary>
    protected static async Task SilenceKubernetesAsync(NodeSettings node)
    {
        var kubeconfig = await File.ReadAllTextAsync(node.Folder.AdminKubeconfig);
        await File.WriteAllTextAsync(node.Folder.AdminKubeconfig,
            System.Text.RegularExpressions.Regex.Replace(kubeconfig, @"https://127\.0\.0\.1:\d+", $"https://127.0.0.1:{FreePort.Next()}"));
    }

    /// <summary>What a command reported, line by line.</summary>
    protected sealed class RecordedLines : IProgress<string>
    {
        public List<string> All { get; } = [];
        public void Report(string value) { lock (All) All.Add(value); }
    }
}
