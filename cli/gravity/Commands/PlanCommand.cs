using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity plan [display|execute|rollback|resume|complete]`: the plan of the node's current operation.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var cmd = new Command("plan", "Manage the plan of the current operation (display, execute, rollback, resume, complete)");
        var display = Display("display");
        cmd.Subcommands.Add(display);
        // `gravity plan` alone = `gravity plan display`.
        foreach (var o in display.Options) cmd.Options.Add(o);
        CommandAction.Set(cmd, (p, ct) => DisplayAsync(p, ct));
        cmd.Subcommands.Add(Execute());
        cmd.Subcommands.Add(Rollback());
        cmd.Subcommands.Add(Resume());
        cmd.Subcommands.Add(Complete());
        return cmd;
    }

    private static readonly Option<string> Format = new("--format") { Description = "text, json or yaml", DefaultValueFactory = _ => "text" };
    private static readonly Option<string> PhaseOption = new("--phase") { Description = "Absolute ID of the phase (e.g. /masters/node-1/drain)", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Execute the phase even if it has already completed" };

    private static Command Display(string name)
    {
        var cmd = new Command(name, "Display the plan of the current operation");
        cmd.Options.Add(Format);
        CommandAction.Set(cmd, (p, ct) => DisplayAsync(p, ct));
        return cmd;
    }

    private static async Task<int> DisplayAsync(ParseResult p, CancellationToken ct)
    {
        var view = await CurrentPlanView.ReadAsync(CommonOptions.StateDirOf(p), new NodeRuntime(), ct);
        Console.Write(ViewSerializer.Format(view, p.GetValue(Format)!, PlanTextFormatter.Format));
        return 0;
    }

    private static Command Execute()
    {
        var cmd = new Command("execute", "Execute a phase (a group: each of its phases not yet completed)");
        cmd.Options.Add(PhaseOption);
        cmd.Options.Add(Force);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var session = await Open(p, ct);
            await session.RunAsync(async e => { await e.ExecuteAsync(p.GetValue(PhaseOption)!, p.GetValue(Force), ct); return 0; });
            return 0;
        });
        return cmd;
    }

    private static Command Rollback()
    {
        var cmd = new Command("rollback", "Roll back a phase (phases after it must be rolled back first)");
        cmd.Options.Add(PhaseOption);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var session = await Open(p, ct);
            await session.RunAsync(async e => { await e.RollbackAsync(p.GetValue(PhaseOption)!, ct); return 0; });
            return 0;
        });
        return cmd;
    }

    private static Command Resume()
    {
        var cmd = new Command("resume", "Resume the operation from its last aborted phase through to completion");
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var session = await Open(p, ct);
            var status = await session.RunAsync(e => e.ResumeAsync(ct));
            if (!p.GetValue(CommandAction.Quiet)) Console.WriteLine($"operation {session.Operation.Id} completed");
            return status.IsCompleted ? 0 : 1;
        });
        return cmd;
    }

    private static Command Complete()
    {
        var cmd = new Command("complete", "Mark the operation completed (failed when some phases have not completed)");
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var session = await OperationSession.OpenCurrentAsync(CommonOptions.StateDirOf(p), new NodeRuntime(), ct: ct);
            var outcome = await session.RunAsync(e => e.CompleteAsync(ct));
            Console.WriteLine($"operation {session.Operation.Id} marked {outcome.ToString().ToLowerInvariant()}");
            return 0;
        });
        return cmd;
    }

    private static Task<OperationSession> Open(ParseResult p, CancellationToken ct) =>
        OperationSession.OpenCurrentAsync(CommonOptions.StateDirOf(p), new NodeRuntime(), p.GetValue(CommandAction.Quiet) ? null : new PhaseEventWriter(Console.Out), ct);
}
