using System.CommandLine;
using Gravity.Core;
using Gravity.Hub.Server;
using Gravity.Registry.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub serve`: the Hub until Ctrl-C/SIGTERM.</summary>
internal static class HubServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "host:port to listen on", DefaultValueFactory = _ => "127.0.0.1:5000" };
        var (dataDir, database) = HubCommand.StorageOptions();
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Server certificate (PEM)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "Private key of the certificate (PEM)" };
        var selfSigned = new Option<bool>("--self-signed") { Description = "Serve TLS with a generated certificate (kept in DATA_DIR/tls)" };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "URL clients use to reach the Hub, e.g. https://hub.example.com (the token realm; default: the address a client connected to)",
        };
        var cmd = new Command("serve", "Serve a Hub: OCI registry, cluster image catalog and accounts");
        foreach (var o in new Option[] { listen, dataDir, database, tlsCert, tlsKey, selfSigned, publicUrl }) cmd.Options.Add(o);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var options = new HubServerOptions
            {
                Registry = new RegistryServerOptions
                {
                    Listen = parseResult.GetValue(listen)!,
                    DataDir = parseResult.GetValue(dataDir)!,
                    TlsCertPath = parseResult.GetValue(tlsCert),
                    TlsKeyPath = parseResult.GetValue(tlsKey),
                    SelfSignedTls = parseResult.GetValue(selfSigned),
                },
                Database = parseResult.GetValue(database),
                PublicUrl = parseResult.GetValue(publicUrl),
            };
            WebApplication app;
            try { app = await HubApplication.BuildAsync(options, ct); }
            catch (FormatException ex) { throw new GravityException(ex.Message); }
            await using var _ = app;
            await app.StartAsync(ct);
            if (!parseResult.GetValue(Gravity.Cli.CommandAction.Quiet))
            {
                var scheme = options.Registry.TlsCertPath is not null || options.Registry.SelfSignedTls ? "https" : "http";
                Console.Error.WriteLine($"hub listening on {scheme}://{RegistryApplication.GetListenAddress(app)}, data in {Path.GetFullPath(options.Registry.DataDir)}");
            }
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }
}
