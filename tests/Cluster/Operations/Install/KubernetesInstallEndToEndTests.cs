using Gravity.Cluster.Nodes;
using Gravity.Core.Processes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>
/// `gravity install` of an application with Kubernetes resources from a cluster image whose runtime package carries
/// Kubernetes (the API server and kubelet test doubles, under the real programs' names, with the real kubectl and
/// helm): the installer sees the runtime can run it, the agent starts the control plane, /app applies the resources,
/// and kubectl with the node's admin kubeconfig finds them. Before, the same install was refused at /checks.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class KubernetesInstallEndToEndTests
{
    private const string Resources = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          greeting: hello from the cluster image
        """;

    [RequiresHostRuntimeFact]
    public async Task An_application_with_resources_installs_and_its_resources_are_in_kubernetes()
    {
        using var doubles = new TempDir("kube-doubles");
        var programs = KubernetesTestDoubleBinaries.Install(doubles.Path)
            .Select(path => new RuntimePackageProgram(Path.GetFileName(path), Path.GetFileName(path), path))
            .Concat(new[] { "kubectl", "helm" }.Where(p => File.Exists($"/usr/local/bin/{p}")).Select(p => new RuntimePackageProgram(p, p, $"/usr/local/bin/{p}")))
            .ToList();
        using var f = await InstallFixture.CreateAsync(resources: new Dictionary<string, string> { ["shop.yaml"] = Resources }, runtimePrograms: programs);
        var layout = new StateFolder(f.StateDir);
        try
        {
            var output = await GravityCli.RunAsync(f.InstallArgs());
            output.ExitCode.Should().Be(0, $"{output.Combined}\nagent: {ReadLog(layout.AgentLog)}\napiserver: {ReadLog(layout.LogFile("kube-apiserver"))}");

            var kubectl = File.Exists("/usr/local/bin/kubectl") ? "/usr/local/bin/kubectl" : layout.RuntimeBinary("kubectl");
            var got = await ProcessRunner.RunAsync(kubectl, ["--kubeconfig", layout.AdminKubeconfig, "get", "configmap", "settings", "-n", "shop", "-o", "jsonpath={.data.greeting}"]);
            got.ExitCode.Should().Be(0, got.Combined);
            got.StdOut.Should().Be("hello from the cluster image");
            var info = await ProcessRunner.RunAsync(kubectl, ["--kubeconfig", layout.AdminKubeconfig, "get", "configmap", "cluster-info", "-n", "kube-system", "-o", "jsonpath={.data.GRAVITY_CLUSTER_NAME}"]);
            info.StdOut.Should().Be("test-cluster", info.Combined);
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
        Directory.Exists(layout.KubernetesDir).Should().BeFalse("leave removes the node's Kubernetes folder");
    }

    private static string ReadLog(string path) => File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(30)) : "(none)";
}
