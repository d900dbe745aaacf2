using Gravity.Testing;

namespace Gravity.Registry.Tests;

/// <summary>The registry's storage is domain code shared by the Hub and the cluster: no ASP.NET in it, no Hub under it.</summary>
public sealed class RegistryDependencyTests
{
    [Fact]
    public void Registry_storage_depends_on_neither_asp_net_nor_the_hub()
    {
        var closure = AssemblyReferences.Closure(typeof(RegistryStorage).Assembly);

        closure.Should().Contain("Gravity.Oci");
        closure.Where(a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || a.StartsWith("Gravity.Hub", StringComparison.Ordinal)
            || a == "Gravity.Registry.Server").Should().BeEmpty();
    }
}
