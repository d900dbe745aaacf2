using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity install`: create a single-node cluster from the unpacked cluster image this binary came with.</summary>
internal static class InstallCommand
{
    public static Command Create()
    {
        var cmd = new Command("install", "Create a cluster on this node from a cluster image");
        var from = new Option<string?>("--from") { Description = "The unpacked cluster image folder (default: the folder of the gravity binary)" };
        var token = new Option<string?>("--token") { Description = "Token other nodes join with (default: random)" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster name (default: <app>-<random>)" };
        var flavor = new Option<string?>("--flavor") { Description = "Install flavor (default: the manifest's default)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the install in progress on this node" };
        var node = new NodeFlagOptions("from the flavor");
        foreach (var o in new Option[] { from, token, cluster, flavor, resume })
            cmd.Options.Add(o);
        node.AddTo(cmd);

        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            IProgress<PhaseEvent>? progress = quiet ? null : new PhaseEventWriter(Console.Out);
            var messages = quiet ? null : new ConsoleLines();
            var installer = new Installer(new NodeRuntime());
            InstallResult result;
            if (p.GetValue(resume))
            {
                result = await installer.ResumeAsync(CommonOptions.StateDirOf(p), progress, ct);
            }
            else
            {
                var request = node.Fill(p, new InstallRequest
                {
                    ImageDir = p.GetValue(from) ?? AppContext.BaseDirectory,
                    ClusterName = p.GetValue(cluster),
                    Token = p.GetValue(token),
                    Flavor = p.GetValue(flavor),
                });
                result = await installer.InstallAsync(request, progress, messages, ct);
                if (request.Manual)
                {
                    Console.WriteLine($"created the plan of install operation {result.OperationId}; run it with: gravity plan resume (or gravity plan execute --phase P)");
                    return 0;
                }
            }
            if (!quiet) Console.WriteLine($"install operation {result.OperationId} completed; see gravity status");
            return 0;
        });
        return cmd;
    }
}
