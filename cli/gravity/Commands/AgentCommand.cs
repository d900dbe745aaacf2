using System.CommandLine;
using System.Runtime.InteropServices;
using Gravity.Agent.Server;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// `gravity agent run`: the node agent in the foreground (the installer starts it detached) until SIGTERM or Ctrl-C;
/// `gravity agent deploy` / `shutdown`: the update agents of an upgrade on every node; `gravity agent run-update`: one
/// update agent (deploy starts it).
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var cmd = new Command("agent", "The node agent, and the update agents of an upgrade");
        cmd.Subcommands.Add(Run());
        cmd.Subcommands.Add(Deploy());
        cmd.Subcommands.Add(Shutdown());
        cmd.Subcommands.Add(RunUpdate());
        return cmd;
    }

    private static Command Run()
    {
        var run = new Command("run", "Run the node agent: supervise and probe the runtime services, serve the health endpoint");
        Gravity.Cli.CommandAction.Set(run, async (parseResult, ct) =>
        {
            var config = NodeAgentConfig.Load(CommonOptions.StateDirOf(parseResult));
            using var stop = StopOnSigterm(ct, out var sigterm);
            using (sigterm)
            {
                Console.Error.WriteLine($"{DateTimeOffset.UtcNow:O} node agent for {config.Node.NodeName} starting (pid {Environment.ProcessId})");
                try
                {
                    await NodeAgent.RunAsync(config, new AgentApiServer(), stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // SIGTERM arrived in the middle of a probe round or of start-up: the services were stopped all the same.
                }
                Console.Error.WriteLine($"{DateTimeOffset.UtcNow:O} node agent stopped");
            }
            return 0;
        });
        return run;
    }

    private static Command Deploy()
    {
        var deploy = new Command("deploy", "Start an update agent on every node of the cluster, running this gravity binary (the upgrade's)");
        var port = PortOption();
        deploy.Options.Add(port);
        Gravity.Cli.CommandAction.Set(deploy, async (p, ct) =>
        {
            var node = NodeAgentConfig.Load(CommonOptions.StateDirOf(p)).Node;
            var quiet = p.GetValue(Gravity.Cli.CommandAction.Quiet);
            var deployed = await new UpdateAgentDeployment(node, () => new EtcdGrpcClient(node.EtcdOptions()))
                .DeployAsync(p.GetValue(port), quiet ? null : Console.WriteLine, ct);
            if (!quiet) Console.WriteLine($"update agents run on {deployed.Count} node(s)");
            return 0;
        });
        return deploy;
    }

    private static Command Shutdown()
    {
        var shutdown = new Command("shutdown", "Stop the update agents on every node of the cluster");
        Gravity.Cli.CommandAction.Set(shutdown, async (p, ct) =>
        {
            var node = NodeAgentConfig.Load(CommonOptions.StateDirOf(p)).Node;
            var quiet = p.GetValue(Gravity.Cli.CommandAction.Quiet);
            await new UpdateAgentDeployment(node, () => new EtcdGrpcClient(node.EtcdOptions())).ShutdownAsync(quiet ? null : Console.WriteLine, ct);
            return 0;
        });
        return shutdown;
    }

    private static Command RunUpdate()
    {
        var run = new Command(UpdateAgentLauncher.RunCommand, "Run this node's update agent in the foreground (gravity agent deploy starts it): it serves the upgrade's phases of this node");
        var port = PortOption();
        run.Options.Add(port);
        Gravity.Cli.CommandAction.Set(run, async (p, ct) =>
        {
            var config = NodeAgentConfig.Load(CommonOptions.StateDirOf(p));
            using var stop = StopOnSigterm(ct, out var sigterm);
            using (sigterm)
            {
                await UpdateAgentServer.RunAsync(config, p.GetValue(port), stop.Token);
                Console.Error.WriteLine($"{DateTimeOffset.UtcNow:O} update agent stopped");
            }
            return 0;
        });
        return run;
    }

    private static Option<int> PortOption() => new("--port")
    {
        Description = $"Where the update agents listen (0: a free port on each node)",
        DefaultValueFactory = _ => NodeDefaults.UpdateAgentPort,
    };

    private static CancellationTokenSource StopOnSigterm(CancellationToken ct, out PosixSignalRegistration registration)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // stop what runs first, then exit
            stop.Cancel();
        });
        return stop;
    }
}
