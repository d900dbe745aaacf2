using System.CommandLine;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// `gravity registry ...`. Other subcommands join through the partial method below, so a new subcommand never edits
/// this file: e.g. H7's RegistryListCommand adds, in its own file,
/// <c>internal static partial class RegistryCommand { static partial void AddMore(Command registry) => registry.Subcommands.Add(RegistryListCommand.Create()); }</c>
/// </summary>
internal static partial class RegistryCommand
{
    public static Command Create()
    {
        var cmd = new Command("registry", "Run and inspect the cluster's OCI registry");
        cmd.Subcommands.Add(RegistryServeCommand.Create());
        cmd.Subcommands.Add(RegistrySyncCommand.Create());
        AddMore(cmd); // H7: `gravity registry list` (RegistryListCommand) registers here via the partial method.
        return cmd;
    }

    static partial void AddMore(Command registry);
}
