using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upgrade;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity rollback [--dry-run] [--confirm]`: roll back every phase of the running upgrade that ran, last first.</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var cmd = new Command("rollback", "Roll back the running upgrade operation: every phase that ran, in reverse order");
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print what would be rolled back" };
        var confirm = new Option<bool>("--confirm") { Description = "Do not ask for confirmation" };
        cmd.Options.Add(dryRun);
        cmd.Options.Add(confirm);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var rollback = await OperationRollback.OpenAsync(CommonOptions.StateDirOf(p), new NodeRuntime(), ct);
            var dry = p.GetValue(dryRun);
            if (!dry && !p.GetValue(confirm))
            {
                Console.WriteLine(RollbackText.Intro);
                Console.Write(RollbackText.Table(rollback.Operation));
                Console.WriteLine();
                Console.WriteLine(RollbackText.DryRunAdvice);
                Console.WriteLine(RollbackText.ConfirmAdvice);
                Console.Write(RollbackText.Prompt);
                var answer = Console.ReadLine();
                if (Console.IsInputRedirected) Console.WriteLine();
                if (answer?.Trim() != "yes")
                {
                    Console.Error.WriteLine("error: rollback aborted: nothing was changed");
                    return 1;
                }
            }
            await rollback.RunAsync(dry, Console.WriteLine, ct);
            return 0;
        });
        return cmd;
    }
}
