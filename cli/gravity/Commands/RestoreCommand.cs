using System.CommandLine;
using Gravity.Cluster.Operations.Backup;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity restore FILE [--follow] [--timeout D]`: check FILE, unpack it into the backup folder, run the application's restore hook.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var cmd = new Command("restore", $"Unpack a backup archive written by gravity backup into {Gravity.Core.NodeDefaults.HookBackupPath} and run the application's restore hook");
        var flags = new BackupFlags("The backup archive to restore (a .tar.gz written by gravity backup)");
        flags.AddTo(cmd);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            await new NodeBackup().RestoreAsync(CommonOptions.StateDirOf(p), p.GetValue(flags.File)!, flags.OptionsOf(p), ct);
            return 0;
        });
        return cmd;
    }
}
