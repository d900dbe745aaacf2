using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations;
using Gravity.Oci.Registry;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Registry;

/// <summary>`gravity registry sync SOURCE`: the node's certificates and registry folder come from its state folder.</summary>
public sealed class RegistrySyncCommandTests
{
    [Fact]
    public async Task Registry_sync_copies_the_source_into_the_nodes_registry_and_prints_the_summary()
    {
        await using var f = await RegistrySyncFixture.CreateAsync();
        await NodeAgentConfig.Of(new NodeSettings
        {
            StateDir = f.StateDir, ClusterName = "sync-test", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "master",
            ServiceUid = InstallFixture.UnusedId, ServiceGid = InstallFixture.UnusedId, GravityBinary = "gravity",
        }).SaveAsync();

        var output = await GravityCli.RunCheckedAsync("registry", "sync", f.Source.Address, "--state-dir", f.StateDir);

        output.Should().Contain($"synced 4 repositories, {RegistrySyncFixture.Tags.Length} tags (0 already here): {f.Blobs().Count} blob(s) copied");
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki));
        (await client.ResolveAsync(f.Destination.Address, "app/multi", "3.0"))?.Digest.Should().Be(f.Roots["app/multi:3.0"].Digest);
        (await GravityCli.RunCheckedAsync("registry", "sync", f.Source.Address, "--state-dir", f.StateDir))
            .Should().Contain($"({RegistrySyncFixture.Tags.Length} already here): 0 blob(s) copied");
    }

    [Fact]
    public async Task Registry_sync_without_an_installed_node_fails_naming_the_state_folder()
    {
        using var dir = new TempDir("sync-no-node");
        var r = await GravityCli.RunAsync("registry", "sync", "127.0.0.1:1", "--state-dir", dir.Path);
        r.ExitCode.Should().NotBe(0);
        r.Combined.Should().Contain("no cluster is installed").And.Contain(dir.Path);
    }
}
