using System.Net;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gravity.Agent.Server;

/// <summary>
/// The update agent (`gravity agent run-update`): serves only POST /v1/phases (<see cref="PhaseEndpoint"/>: cluster
/// client certificates, phases of this node) and GET /healthz, with the node certificate, until stopped. Once it
/// listens it records its URL on the node and in etcd (<see cref="UpdateAgentRecords"/>), where the upgrade's plan
/// engine on another node finds it; it removes both when it stops.
/// </summary>
public static class UpdateAgentServer
{
    public static async Task RunAsync(NodeAgentConfig config, int port, CancellationToken stop)
    {
        var node = config.Node;
        var pki = new ClusterPki(node.StateDir);
        var builder = Gravity.ServerHosting.ServerBuilderFactory.CreateSlim();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var certificate = pki.LoadNodeCertificate();
        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(IPAddress.Parse(node.ListenAddress), port, listen => listen.UseHttps(AgentTls.Options(certificate))));
        await using var app = builder.Build();
        PhaseEndpoint.Map(app, node.NodeName, pki.LoadCaCertificate(), OperationKinds.Default, new NodeRuntime());
        app.MapGet("/healthz", () => Results.Text("update agent of " + node.NodeName));
        await app.StartAsync(stop);

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var host = node.AdvertiseAddr.Contains(':') ? $"[{node.AdvertiseAddr}]" : node.AdvertiseAddr;
        var url = new Uri($"https://{host}:{bound}/");
        // The record first: the launcher (and so `gravity agent deploy`) returns once the URL file is written, and the
        // plan engine then looks the agent up in etcd.
        await RecordAsync(node, new UpdateAgentRecord(node.NodeName, url, Environment.ProcessId, DateTimeOffset.UtcNow), stop);
        await UpdateAgentLauncher.WriteRunningAsync(node.Folder, url);
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:O} update agent of {node.NodeName} serves phases at {url}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await app.StopAsync(CancellationToken.None);
        if (File.Exists(node.Folder.UpdateAgentUrlFile)) File.Delete(node.Folder.UpdateAgentUrlFile);
        if (File.Exists(node.Folder.UpdateAgentPidFile)) File.Delete(node.Folder.UpdateAgentPidFile);
        try
        {
            using var etcd = new EtcdGrpcClient(node.EtcdOptions());
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await new UpdateAgentRecords(etcd).RemoveAsync(node.NodeName, bounded.Token);
        }
        catch (Exception ex) when (ex is EtcdException or OperationCanceledException)
        {
            // `gravity agent shutdown` removes the records of agents that could not.
        }
    }

    // etcd may be restarting (a master's system-upgrade): retried for a bounded time, then the agent gives up and says so.
    private static async Task RecordAsync(Cluster.Nodes.NodeSettings node, UpdateAgentRecord record, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var etcd = new EtcdGrpcClient(node.EtcdOptions());
                await new UpdateAgentRecords(etcd).PutAsync(record, stop);
                return;
            }
            catch (EtcdException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, stop);
            }
        }
    }
}
