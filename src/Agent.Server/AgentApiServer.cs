using System.Net;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Runtime;
using Gravity.Health.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gravity.Agent.Server;

/// <summary>
/// The agent's HTTPS server (Kestrel, node certificate): GET / answers the health report, 200 when the node is
/// running and 503 when it is degraded (cli-reference.md, "Health endpoint"); POST /v1/phases runs a phase of another
/// node's plan here (<see cref="PhaseEndpoint"/>, cluster client certificates only); the peers' endpoints of cluster
/// health (<see cref="PeerHealthEndpoints"/>); starting and stopping the update agent (<see cref="UpdateAgentEndpoint"/>).
/// </summary>
public sealed class AgentApiServer : INodeApiServer
{
    public async Task<IAsyncDisposable> StartAsync(NodeApiContext context, CancellationToken ct)
    {
        var app = Build(context);
        await app.StartAsync(ct);
        return app;
    }

    public static WebApplication Build(NodeApiContext context)
    {
        var builder = Gravity.ServerHosting.ServerBuilderFactory.CreateSlim();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var certificate = context.Pki.LoadNodeCertificate();
        var address = IPAddress.Parse(context.Config.Node.ListenAddress);
        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(address, context.Config.Node.HealthPort, listen => listen.UseHttps(AgentTls.Options(certificate))));

        var app = builder.Build();
        PhaseEndpoint.Map(app, context.Config.Node.NodeName, context.Pki.LoadCaCertificate(), OperationKinds.Default, new NodeRuntime());
        JoinEndpoint.Map(app, context.Config.Node);
        AppUploadEndpoint.Map(app, context.Config.Node.Folder, context.Pki.LoadCaCertificate());
        UpdateAgentEndpoint.Map(app, context.Config.Node, context.Pki.LoadCaCertificate());
        PeerHealthEndpoints.Map(app, context.Pki.LoadCaCertificate(), context.Monitor, context.Clock);
        app.MapGet("/", () => HealthResult(context.Monitor.Current));
        app.MapGet("/healthz", () => HealthResult(context.Monitor.Current));
        app.MapGet("/services", () => Results.Json(context.Supervisor.Status));
        return app;
    }

    private static IResult HealthResult(HealthReport report)
        => Results.Text(report.ToJson(), "application/json", statusCode: report.IsRunning ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
