namespace Gravity.Registry.Tests;

/// <summary>Tests against one in-process registry server per test, with a plain HTTP client for it (a test may restart both).</summary>
public abstract class RegistryServerTests : IAsyncLifetime
{
    protected RegistryTestServer Server { get; set; } = null!;
    protected HttpClient Http { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RegistryTestServer.StartAsync();
        Http = Server.Client();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
