using System.CommandLine;
using System.Runtime.InteropServices;
using Gravity.Agent.Server;
using Gravity.Cluster.Runtime;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity agent run --state-dir DIR`: the node agent in the foreground (the installer starts it detached) until SIGTERM or Ctrl-C.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var run = new Command("run", "Run the node agent: supervise and probe the runtime services, serve the health endpoint");
        Gravity.Cli.CommandAction.Set(run, async (parseResult, ct) =>
        {
            var config = NodeAgentConfig.Load(CommonOptions.StateDirOf(parseResult));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true; // stop the services first, then exit
                stop.Cancel();
            });
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
            return 0;
        });

        var cmd = new Command("agent", "The node agent");
        cmd.Subcommands.Add(run);
        return cmd;
    }
}
