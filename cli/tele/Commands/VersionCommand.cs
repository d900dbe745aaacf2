using System.CommandLine;

namespace Gravity.Cli.Tele.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var cmd = new Command("version", "Print the version of tele");
        cmd.SetAction(_ =>
        {
            Console.WriteLine($"tele {Gravity.Core.GravityVersion.Current}");
            return 0;
        });
        return cmd;
    }
}
