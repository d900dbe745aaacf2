using Gravity.Cluster.Operations.Backup;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Backup;

/// <summary>Emptying the backup folder while something that can write into it (a hook's container) swaps folders for links.</summary>
public sealed class BackupFolderTests : IDisposable
{
    private const int Folders = 40;
    private readonly TempDir _dir = new("backup-folder");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_folder_swapped_for_a_link_while_the_backup_folder_is_emptied_does_not_lead_root_to_what_the_link_points_to()
    {
        // What /etc is in the attack: a folder outside, holding files of the names the backup folder's folders hold.
        var outside = _dir.Combine("outside");
        Directory.CreateDirectory(outside);
        var sentinel = Path.Combine(outside, "data.txt");
        var backup = _dir.Combine("backup");

        for (var round = 0; round < 150; round++)
        {
            File.WriteAllText(sentinel, "must survive");
            Directory.CreateDirectory(backup);
            for (var i = 0; i < Folders; i++)
            {
                Directory.CreateDirectory(Path.Combine(backup, $"d{i}"));
                File.WriteAllText(Path.Combine(backup, $"d{i}", "data.txt"), "the hook's");
            }
            using var stop = new CancellationTokenSource();
            var attacker = Task.Run(() => SwapFoldersForLinks(backup, outside, stop.Token));
            try { BackupFolder.Remove(backup); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // refusing under attack is fine
            stop.Cancel();
            attacker.Wait();

            File.Exists(sentinel).Should().BeTrue($"root must not remove what a link swapped in points to (round {round})");
            BackupFolder.Remove(backup);
            Directory.Exists(backup).Should().BeFalse();
            File.Exists(sentinel).Should().BeTrue();
        }
    }

    /// <summary>The hook's side: each folder renamed away, a link to <paramref name="outside"/> put in its place, and back.</summary>
    private static void SwapFoldersForLinks(string backup, string outside, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
            for (var i = 0; i < Folders && !stop.IsCancellationRequested; i++)
            {
                var folder = Path.Combine(backup, $"d{i}");
                var aside = Path.Combine(backup, $"aside{i}");
                try
                {
                    Directory.Move(folder, aside);
                    File.CreateSymbolicLink(folder, outside);
                    Thread.Yield();
                    File.Delete(folder);
                    Directory.Move(aside, folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The remover took it meanwhile.
                }
            }
    }
}
