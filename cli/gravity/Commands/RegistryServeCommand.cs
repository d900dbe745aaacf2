using System.CommandLine;
using Gravity.Core;
using Gravity.Registry.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity registry serve`: an OCI Distribution registry on Kestrel until Ctrl-C/SIGTERM.</summary>
internal static class RegistryServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen") { Description = "host:port to listen on (repeat for several)", DefaultValueFactory = _ => ["127.0.0.1:5000"] };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder of blobs, repositories and uploads", Required = true };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Server certificate (PEM)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "Private key of the certificate (PEM)" };
        var selfSigned = new Option<bool>("--self-signed") { Description = "Serve TLS with a generated certificate (kept in DATA_DIR/tls/self-signed.crt)" };
        var clientCa = new Option<string?>("--client-ca")
        {
            Description = "CA certificate (PEM) of the clients that may push and delete; without one of its certificates, only reads from the listen addresses",
        };
        var cmd = new Command("serve", "Serve an OCI registry (Distribution Specification v1.1) from a data folder");
        foreach (var o in new Option[] { listen, dataDir, tlsCert, tlsKey, selfSigned, clientCa }) cmd.Options.Add(o);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var listens = parseResult.GetValue(listen) is { Length: > 0 } given ? given : ["127.0.0.1:5000"];
            var options = new RegistryServerOptions
            {
                Listen = listens[0],
                AlsoListen = listens[1..],
                DataDir = parseResult.GetValue(dataDir)!,
                TlsCertPath = parseResult.GetValue(tlsCert),
                TlsKeyPath = parseResult.GetValue(tlsKey),
                SelfSignedTls = parseResult.GetValue(selfSigned),
                ClientCaPath = parseResult.GetValue(clientCa),
            };
            WebApplication app;
            try { app = RegistryApplication.Build(options); }
            catch (FormatException ex) { throw new GravityException(ex.Message); }
            await using var _ = app;
            await app.StartAsync(ct);
            if (!parseResult.GetValue(Gravity.Cli.CommandAction.Quiet))
                Console.Error.WriteLine($"registry listening on {(options.TlsCertPath is not null || options.SelfSignedTls ? "https" : "http")}://{RegistryApplication.GetListenAddress(app)}, data in {Path.GetFullPath(options.DataDir)}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }
}
