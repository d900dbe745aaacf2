using System.CommandLine;
using Gravity.Cluster.Operations.Backup;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity backup FILE [--follow] [--timeout D]`: the application's backup hook, then its folder as a gzipped tar in FILE.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var cmd = new Command("backup", $"Run the application's backup hook and write what it saved in {Gravity.Core.NodeDefaults.HookBackupPath} to FILE (a .tar.gz, mode 0600)");
        var flags = new BackupFlags("The backup archive to write (replaced when it exists)");
        flags.AddTo(cmd);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            await new NodeBackup().BackupAsync(CommonOptions.StateDirOf(p), p.GetValue(flags.File)!, flags.OptionsOf(p), ct);
            return 0;
        });
        return cmd;
    }
}
