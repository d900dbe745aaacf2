using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Backup;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Core;
using Gravity.Core.IO;
using Gravity.Core.Processes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;
using k8s;
using k8s.Models;
using static Gravity.Cluster.Tests.Operations.Backup.TestArchives;

namespace Gravity.Cluster.Tests.Operations.Backup;

/// <summary>`gravity backup` and `gravity restore`: the application's hooks as Jobs (kubelet test double), the archive between them.</summary>
public sealed class NodeBackupTests() : HookJobTestBase("node-backup")
{
    private readonly RecordedLines _messages = new();
    private readonly List<string> _log = [];

    private BackupHookOptions Options(TimeSpan? timeout = null) => new(line => { lock (_log) _log.Add(line); }, timeout, _messages);

    private IKubernetes Client(NodeSettings node) => new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(node.Folder.AdminKubeconfig));

    private string[] LeftBeside(string file) => Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(file)!).Select(Path.GetFileName).OfType<string>().ToArray();

    [RequiresKubeletFact(kubectl: true)]
    public async Task The_guides_hooks_back_up_the_applications_secrets_and_restore_a_deleted_one()
    {
        // The guide's example, with the application's namespace: kubectl get secrets into backup.yaml, kubectl apply it
        // back (without client-side validation: the API server double has no OpenAPI v2 schemas to validate a List with).
        var node = await InstalledNodeAsync(
            Hook("backup", "HOME=/tmp /usr/local/bin/kubectl get secrets --namespace=shop -o=yaml > /var/lib/gravity/backup/backup.yaml"),
            Hook("restore", "HOME=/tmp /usr/local/bin/kubectl apply --validate=false -f /var/lib/gravity/backup/backup.yaml --namespace shop"));
        using var client = (k8s.Kubernetes)Client(node);
        await client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
        await client.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "db-password" }, StringData = new Dictionary<string, string> { ["password"] = "s3cret" },
        }, "shop");
        var file = Dir.Combine("out", "data.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        await new NodeBackup().BackupAsync(node.StateDir, file, Options());

        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a backup holds the application's secrets");
        Read(file).Should().ContainKey("backup.yaml").WhoseValue.Should().Contain("db-password");
        Directory.EnumerateFileSystemEntries(node.Folder.Backup).Should().BeEmpty("the secrets do not stay on the node");
        LeftBeside(file).Should().BeEquivalentTo(["data.tar.gz"], "no temporary file is left");
        JobsOf("backup").Should().Be(0, "backup jobs are deleted after they end");

        await client.DeleteNamespacedSecretAsync("db-password", "shop");
        await new NodeBackup().RestoreAsync(node.StateDir, file, Options());

        var secret = await client.ReadNamespacedSecretAsync("db-password", "shop");
        System.Text.Encoding.UTF8.GetString(secret.Data["password"]).Should().Be("s3cret", string.Join("\n", _log));
        Directory.EnumerateFileSystemEntries(node.Folder.Backup).Should().BeEmpty();
        JobsOf("restore").Should().Be(0);
    }

    [RequiresKubeletFact]
    public async Task A_failing_backup_hook_leaves_no_file_nor_a_temporary_one_and_its_log_is_in_the_error()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo half > /var/lib/gravity/backup/part.txt; echo the database is locked; exit 3"));
        var file = Dir.Combine("out", "data.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var act = () => new NodeBackup().BackupAsync(node.StateDir, file, new BackupHookOptions());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("hook backup failed").And.Contain("the database is locked");
        LeftBeside(file).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(node.Folder.Backup).Should().BeEmpty("what the hook wrote before it failed does not stay");
    }

    [RequiresKubeletFact]
    public async Task A_backup_hook_that_runs_past_the_timeout_fails_and_leaves_no_file()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo started; sleep 600"));
        var file = Dir.Combine("out", "data.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var act = () => new NodeBackup().BackupAsync(node.StateDir, file, Options(timeout: TimeSpan.FromSeconds(2)));

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("DeadlineExceeded");
        LeftBeside(file).Should().BeEmpty();
    }

    [RequiresKubeletFact]
    public async Task Old_data_does_not_leak_into_a_new_backup_and_a_link_the_hook_plants_to_etc_shadow_is_not_archived()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo fresh > /var/lib/gravity/backup/new.txt; ln -s /etc/shadow /var/lib/gravity/backup/shadow"));
        Directory.CreateDirectory(node.Folder.Backup);
        await File.WriteAllTextAsync(Path.Combine(node.Folder.Backup, "old.txt"), "from an earlier backup");
        var file = Dir.Combine("data.tar.gz");

        await new NodeBackup().BackupAsync(node.StateDir, file, Options());

        Read(file).Keys.Should().BeEquivalentTo(["new.txt"]);
        _messages.All.Should().Contain(m => m.StartsWith("shadow: not backed up, it is a symbolic link"));
    }

    public static TheoryData<Entry[]> HostileArchives => new()
    {
        { [new("backup.yaml"), new("../x")] },
        { [new("backup.yaml"), new("/tmp/gravity-restore-test-absolute")] },
        { [new("backup.yaml"), new("shadow", System.Formats.Tar.TarEntryType.SymbolicLink, LinkName: "/etc/shadow")] },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task Restore_refuses_a_hostile_archive_before_it_writes_anything_or_runs_the_hook(Entry[] entries)
    {
        var node = await InstalledNodeAsync(Hook("restore", "echo restoring"));
        var file = Dir.Combine("hostile.tar.gz");
        Write(file, entries);
        var before = Directory.EnumerateFileSystemEntries(node.StateDir, "*", SearchOption.AllDirectories).Order().ToList();

        var act = () => new NodeBackup().RestoreAsync(node.StateDir, file, Options());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain($"{file} is not a backup gravity can restore");
        // What the restore leaves in any case: the emptied backup folder and the operation lock it took.
        string[] always = [node.Folder.Backup, node.Folder.OperationLock, Path.GetDirectoryName(node.Folder.OperationLock)!];
        Directory.EnumerateFileSystemEntries(node.StateDir, "*", SearchOption.AllDirectories).Except(always).Order()
            .Should().Equal(before.Except(always), "nothing stays but the emptied backup folder");
        Directory.EnumerateFileSystemEntries(node.Folder.Backup).Should().BeEmpty("what was unpacked before the refusal is emptied away");
        File.Exists("/tmp/gravity-restore-test-absolute").Should().BeFalse();
        _log.Should().BeEmpty("the restore hook did not run");
    }

    public static TheoryData<string, string> ArchivesOfNothing => new()
    {
        { "zero bytes", "it holds no tar archive (it is empty)" },
        { "an empty gzip stream", "it holds no tar archive (it is empty)" },
        { "a tar of no entries", "holds no files or folders: nothing to restore" },
        { "a tar cut after its first entry", "ends before the tar end marker" },
    };

    [Theory]
    [MemberData(nameof(ArchivesOfNothing))]
    public async Task Restore_refuses_an_empty_or_truncated_file_naming_it_and_runs_no_hook(string what, string reason)
    {
        var node = await InstalledNodeAsync(Hook("restore", "echo restoring"));
        var file = Dir.Combine("nothing.tar.gz");
        switch (what)
        {
            case "zero bytes": await File.WriteAllBytesAsync(file, []); break;
            case "an empty gzip stream": WriteGzip(file, []); break;
            case "a tar of no entries": WriteGzip(file, new byte[1024]); break;
            default: WriteGzip(file, TarOf(new Entry("backup.yaml"), new Entry("second.yaml"))[..2048]); break; // header and data of the first only
        }

        var act = () => new NodeBackup().RestoreAsync(node.StateDir, file, Options());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().StartWith($"{file} is not a backup gravity can restore").And.Contain(reason);
        _log.Should().BeEmpty("the restore hook did not run");
        Directory.EnumerateFileSystemEntries(node.Folder.Backup).Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_of_a_path_swapped_between_a_file_and_a_fifo_ends_at_once_with_an_error_and_never_hangs()
    {
        // Looked at by path, then opened blocking: a FIFO swapped in between hung the open (no writer ever comes).
        var node = await InstalledNodeAsync(Hook("restore", "echo restoring"));
        var path = Dir.Combine("swapped.tar.gz");
        var fifo = Dir.Combine("fifo");
        var regular = Dir.Combine("regular");
        (await ProcessRunner.RunAsync("mkfifo", [fifo])).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(regular, "not an archive");
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var next = Dir.Combine($"next-{i}");
                if (HardLink.TryCreate(i % 2 == 0 ? fifo : regular, next)) File.Move(next, path, overwrite: true);
            }
        });
        try
        {
            for (var attempt = 0; attempt < 300; attempt++)
            {
                var restore = Task.Run(() => new NodeBackup().RestoreAsync(node.StateDir, path, Options())); // the open that hangs is synchronous
                var ended = await Task.WhenAny(restore, Task.Delay(TimeSpan.FromSeconds(30)));
                ended.Should().BeSameAs(restore, $"restore must not hang on a FIFO (attempt {attempt})");
                (await restore.Awaiting(r => r).Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain(path);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
            // A reader a failed run left blocked in open(2) gets its writer here, so the test process can end.
            for (var i = 0; i < 50; i++) FeedBlockedReaders(fifo);
        }
        _log.Should().BeEmpty("the restore hook never ran");
    }

    private static void FeedBlockedReaders(string fifo)
    {
        var fd = Open(fifo, 0x1 /* O_WRONLY */ | 0x800 /* O_NONBLOCK */); // fails (ENXIO) when no reader waits
        if (fd >= 0) new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true).Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    [Fact]
    public async Task Backup_without_a_backup_hook_says_so()
    {
        var node = await InstalledNodeAsync(Hook("restore", "echo restoring"));

        var act = () => new NodeBackup().BackupAsync(node.StateDir, Dir.Combine("data.tar.gz"), Options());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("defines no backup hook (hooks.backup in its manifest)");
        File.Exists(Dir.Combine("data.tar.gz")).Should().BeFalse();
    }

    [Fact]
    public async Task Backup_and_restore_need_root_and_an_installed_cluster()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo saving"));

        var notRoot = () => new NodeBackup(runningAsRoot: false).BackupAsync(node.StateDir, Dir.Combine("data.tar.gz"), Options());
        var noCluster = () => new NodeBackup().RestoreAsync(Dir.Combine("elsewhere"), Dir.Combine("data.tar.gz"), Options());

        (await notRoot.Should().ThrowAsync<GravityException>()).Which.Message.Should().StartWith("gravity backup must run as root");
        (await noCluster.Should().ThrowAsync<GravityException>()).Which.Message.Should().StartWith("no cluster is installed on this node");
        Directory.Exists(node.Folder.Backup).Should().BeFalse("nothing was prepared");
    }

    [RequiresKubeletFact]
    public async Task Backup_when_kubernetes_does_not_answer_fails_saying_so_and_leaves_no_file()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo saving"));
        await SilenceKubernetesAsync(node);
        var file = Dir.Combine("out", "data.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var act = () => new NodeBackup().BackupAsync(node.StateDir, file, Options());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("Kubernetes on this node does not answer");
        LeftBeside(file).Should().BeEmpty();
    }

    [RequiresKubeletFact]
    public async Task The_gravity_backup_and_restore_commands_follow_the_hooks_logs()
    {
        var node = await InstalledNodeAsync(
            Hook("backup", "echo saving the orders; echo order-42 > /var/lib/gravity/backup/orders.txt"),
            Hook("restore", "echo restoring $(cat /var/lib/gravity/backup/orders.txt)"));
        var file = Dir.Combine("data.tar.gz");

        var backup = await GravityCli.RunCheckedAsync("backup", file, "--follow", "--timeout", "5m", "--state-dir", node.StateDir);
        var restore = await GravityCli.RunCheckedAsync("restore", file, "--follow", "--state-dir", node.StateDir);
        var help = await GravityCli.RunCheckedAsync("restore", "--help");
        var badTimeout = await GravityCli.RunAsync("backup", file, "--timeout", "5", "--state-dir", node.StateDir);

        backup.Should().Contain("/main: saving the orders").And.Contain($"backup written to {file}");
        restore.Should().Contain("/main: restoring order-42");
        help.Should().Contain("--follow").And.Contain("--timeout").And.Contain("FILE");
        badTimeout.ExitCode.Should().Be(1);
        badTimeout.StdErr.Should().Contain("--timeout: '5' is not a duration");
    }

    [Fact]
    public async Task A_backup_file_inside_the_state_folder_is_refused_before_anything_runs()
    {
        var node = await InstalledNodeAsync(Hook("backup", "echo saving"));
        Directory.CreateDirectory(node.Folder.Backup);

        var intoBackup = () => new NodeBackup().BackupAsync(node.StateDir, Path.Combine(node.Folder.Backup, "app.tar.gz"), Options());
        var intoState = () => new NodeBackup().BackupAsync(node.StateDir, Path.Combine(node.StateDir, "app.tar.gz"), Options());

        (await intoBackup.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("inside the node's state folder");
        (await intoState.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("write it elsewhere");
        File.Exists(Path.Combine(node.Folder.Backup, "app.tar.gz")).Should().BeFalse();
    }
}
