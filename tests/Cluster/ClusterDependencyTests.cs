using Gravity.Cluster.Operations;
using Gravity.Testing;

namespace Gravity.Cluster.Tests;

/// <summary>
/// Cluster code runs on customers' machines and uses the registry's storage, never the Hub: the Hub (accounts,
/// catalog, its HTTP API) is not part of what a cluster needs.
/// </summary>
public sealed class ClusterDependencyTests
{
    [Fact]
    public void Cluster_code_depends_on_neither_the_hub_nor_asp_net()
    {
        var closure = AssemblyReferences.Closure(typeof(LocalRegistryImporter).Assembly);

        closure.Should().Contain("Gravity.Registry", "the local image import writes into the registry's storage");
        closure.Where(IsHubOrServer).Should().BeEmpty();
    }

    private static bool IsHubOrServer(string assembly)
        => assembly is "Gravity.Hub" or "Gravity.Hub.Server" or "Gravity.Registry.Server" || assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);
}
