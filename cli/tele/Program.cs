using System.CommandLine;
using Gravity.Cli.Tele.Commands;

var root = new RootCommand("tele: build cluster images and publish them through a Hub");
// --debug, -q/--quiet, --insecure and --state-dir: accepted before and after the subcommand, defined once.
Gravity.Cli.CommonOptions.AddTo(root);
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(BuildCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(LoginCommand.Create());
root.Subcommands.Add(LogoutCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(PushCommand.Create());
root.Subcommands.Add(PullCommand.Create());
root.Subcommands.Add(LsCommand.Create());
root.Subcommands.Add(RmCommand.Create());
// Each command lives in Commands/<Name>Command.cs and is registered here, one line each.

Gravity.Cli.RedirectedConsole.Apply();
// Response files are off: role names such as @teleadmin and @reader are arguments, not files to read.
return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync();
