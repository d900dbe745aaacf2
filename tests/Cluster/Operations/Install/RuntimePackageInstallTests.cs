using Gravity.Cluster.Nodes;
using Gravity.Cluster.Tests.Operations;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>
/// The install unpacks the runtime package of the node's profile into DIR/runtime, and the node's etcd and containerd
/// then run from it, not from the host; leave removes it.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class RuntimePackageInstallTests
{
    [RequiresHostRuntimeFact]
    public async Task The_nodes_etcd_and_containerd_run_from_the_unpacked_runtime_package()
    {
        var programs = RuntimePackageTestImage.HostPrograms()!;
        using var f = await InstallFixture.CreateAsync(runtimePrograms: programs);
        var layout = new StateFolder(f.StateDir);
        try
        {
            var output = await GravityCli.RunCheckedAsync(f.InstallArgs());

            output.Should().Contain($"unpacked runtime package docker.io/gravity/runtime:1.35.2 (Kubernetes 1.35.2: {string.Join(", ", programs.Select(p => p.Name))})");
            foreach (var program in programs)
            {
                var unpacked = layout.RuntimeBinary(program.Name);
                (await File.ReadAllBytesAsync(unpacked)).Should().Equal(await File.ReadAllBytesAsync(program.SourcePath), program.Name);
                File.GetUnixFileMode(unpacked).Should().Be((UnixFileMode)0x1ED, "0755");
                (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", unpacked])).StdOut.Trim().Should().Be("0:0");
            }
            File.Exists(layout.RuntimeManifest).Should().BeTrue();
            foreach (var service in new[] { "etcd", "containerd" })
            {
                var pid = (await File.ReadAllTextAsync(layout.PidFile(service))).Trim();
                new FileInfo($"/proc/{pid}/exe").LinkTarget.Should().Be(layout.RuntimeBinary(service), $"{service} runs from the runtime package");
            }
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
        Directory.Exists(layout.RuntimeDir).Should().BeFalse("leave removes the runtime folder");
    }
}
