using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity upgrade [--manual|-m] [--no-block] [--parallel-workers N]`: upgrade the cluster to its latest uploaded version.</summary>
internal static class UpgradeCommand
{
    public static Command Create()
    {
        var cmd = new Command("upgrade", "Upgrade the cluster to the latest uploaded version of its application");
        var manual = new Option<bool>("--manual", "-m") { Description = "Only create the operation and its plan: run it with gravity plan execute/resume" };
        var noBlock = new Option<bool>("--no-block") { Description = "Run the operation in the background (its log: logs/operation-ID.log in the state folder)" };
        var workers = new Option<int>("--parallel-workers") { Description = "How many regular nodes are upgraded at once", DefaultValueFactory = _ => UpgradeConfig.DefaultParallelWorkers };
        cmd.Options.Add(manual);
        cmd.Options.Add(noBlock);
        cmd.Options.Add(workers);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var stateDir = CommonOptions.StateDirOf(p);
            var upgrader = new Upgrader(new NodeRuntime());
            var start = await upgrader.CreateAsync(stateDir, p.GetValue(workers), quiet ? null : new ConsoleLines(), ct);
            var id = start.Operation.Id;
            if (p.GetValue(manual))
            {
                if (!quiet) Console.WriteLine("The operation has been created in manual mode.");
                return 0;
            }
            if (p.GetValue(noBlock))
            {
                var log = await BackgroundUpgrade.StartAsync(NodeAgentConfig.Load(stateDir).Node, id, ct);
                Console.WriteLine(id);
                if (!quiet) Console.Error.WriteLine($"operation {id} runs in the background; its log: {log}; its progress: gravity plan");
                return 0;
            }
            await upgrader.RunAsync(stateDir, id, quiet ? null : new PhaseEventWriter(Console.Out), ct, quiet ? null : Console.WriteLine);
            if (!quiet) Console.WriteLine($"upgrade {id} completed: {start.Config.AppName} {start.Config.ToVersion}");
            return 0;
        });
        return cmd;
    }
}
