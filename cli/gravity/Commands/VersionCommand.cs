using System.CommandLine;

namespace Gravity.Cli.Node.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var cmd = new Command("version", "Print the version of gravity");
        cmd.SetAction(_ =>
        {
            Console.WriteLine($"gravity {Gravity.Core.GravityVersion.Current}");
            return 0;
        });
        return cmd;
    }
}
