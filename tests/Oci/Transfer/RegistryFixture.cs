using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

/// <summary>One plain-HTTP registry shared by the tests of a class (each test uses its own repositories).</summary>
public sealed class PlainRegistryFixture : IAsyncLifetime
{
    public RegistryProcess Registry { get; private set; } = null!;
    public async Task InitializeAsync() => Registry = await RegistryProcess.StartAsync();
    public async Task DisposeAsync() => await Registry.DisposeAsync();
}
