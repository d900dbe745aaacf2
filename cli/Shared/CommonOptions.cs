using System.CommandLine;

namespace Gravity.Cli;

/// <summary>
/// The flags every command of a program accepts, before or after the subcommand (`tele --state-dir=DIR build`,
/// `gravity plan --insecure`): --debug, -q/--quiet (defined with <see cref="CommandAction"/>), --insecure and --state-dir.
/// Each is defined once here and added to the root command only; commands read them from here.
/// What the state folder is, and its default, is each program's own (<see cref="StateDirDefault"/>).
/// </summary>
public static partial class CommonOptions
{
    public static readonly Option<bool> Insecure = new("--insecure") { Description = InsecureDescription, Recursive = true };

    public static readonly Option<string> StateDir = new("--state-dir")
    {
        Description = StateDirDescription, Recursive = true, HelpName = "DIR", DefaultValueFactory = _ => StateDirDefault(),
    };

    /// <summary>Adds every common flag to the program's root command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(CommandAction.Debug);
        root.Options.Add(CommandAction.Quiet);
        root.Options.Add(Insecure);
        root.Options.Add(StateDir);
    }

    /// <summary>The state folder this command works in: --state-dir wherever it was given on the line, else the program's default.</summary>
    public static string StateDirOf(ParseResult parseResult) => parseResult.GetValue(StateDir)!;

    public static bool InsecureOf(ParseResult parseResult) => parseResult.GetValue(Insecure);

    private static partial string StateDirDefault();
    private static partial string StateDirDescription { get; }
    private static partial string InsecureDescription { get; }
}
