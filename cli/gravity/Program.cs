using System.CommandLine;
using Gravity.Cli.Node.Commands;

var root = new RootCommand("gravity: install and operate clusters; node agent and cluster registry");
// --debug, -q/--quiet, --insecure and --state-dir: accepted before and after the subcommand, defined once.
Gravity.Cli.CommonOptions.AddTo(root);
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(RegistryCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(HubCommand.Create());
root.Subcommands.Add(InstallCommand.Create());
root.Subcommands.Add(JoinCommand.Create());
root.Subcommands.Add(AutojoinCommand.Create());
root.Subcommands.Add(DiscoveryCommand.Create());
root.Subcommands.Add(RemoveCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(StopCommand.Create());
root.Subcommands.Add(StartCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(LeaveCommand.Create());
root.Subcommands.Add(UploadCommand.Create());
root.Subcommands.Add(UpgradeCommand.Create());
root.Subcommands.Add(RollbackCommand.Create());
root.Subcommands.Add(ResourceCommand.Create());
// Each command lives in Commands/<Name>Command.cs and is registered here, one line each.

Gravity.Cli.RedirectedConsole.Apply();
// Response files are off: role names such as @teleadmin and @reader are arguments, not files to read.
return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync();
