using System.CommandLine;
using Gravity.Cli.Node.Commands;

var root = new RootCommand("gravity: install and operate clusters; node agent and cluster registry");
root.Options.Add(Gravity.Cli.CommandAction.Debug);
root.Options.Add(Gravity.Cli.CommandAction.Quiet);
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(RegistryCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(HubCommand.Create());
// Each command lives in Commands/<Name>Command.cs and is registered here, one line each.

return await root.Parse(args).InvokeAsync();
