using Gravity.Registry.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Gravity.Registry.Tests;

/// <summary>
/// The entry point of the test assembly. `dotnet Gravity.Registry.Tests.dll registry-serve LISTEN DATA_DIR` runs a registry
/// server, so crash tests can SIGKILL a real server process without depending on the gravity CLI build.
/// Test runners never call it.
/// </summary>
public static class RegistryHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["registry-serve", var listen, var dataDir]) return 2;
        await using var app = RegistryApplication.Build(new RegistryServerOptions { Listen = listen, DataDir = dataDir });
        await app.StartAsync();
        Console.WriteLine($"listening on {RegistryApplication.GetListenAddress(app)}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
