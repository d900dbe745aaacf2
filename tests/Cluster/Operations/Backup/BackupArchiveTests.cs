using System.Formats.Tar;
using Gravity.Cluster.Operations.Backup;
using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Testing;
using static Gravity.Cluster.Tests.Operations.Backup.TestArchives;

namespace Gravity.Cluster.Tests.Operations.Backup;

/// <summary>The backup archive: what is written from the backup folder, and what restore accepts back.</summary>
public sealed class BackupArchiveTests : IDisposable
{
    private readonly TempDir _dir = new("backup-archive");

    public void Dispose() => _dir.Dispose();

    private string Folder(string name)
    {
        var path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private async Task<(Dictionary<string, string> Entries, List<string> Skipped)> ArchiveAsync(string folder, BackupArchiveLimits? limits = null)
    {
        var skipped = new List<string>();
        var archive = _dir.Combine("out.tar.gz");
        await using (var output = File.Create(archive))
            await BackupArchiveWriter.WriteAsync(folder, output, limits ?? BackupArchiveLimits.Default, skipped.Add, CancellationToken.None);
        return (Read(archive), skipped);
    }

    [Fact]
    public async Task Files_and_folders_go_into_the_archive_and_come_back_with_their_content_and_modes()
    {
        var folder = Folder("backup");
        Directory.CreateDirectory(Path.Combine(folder, "db", "tables"));
        await File.WriteAllTextAsync(Path.Combine(folder, "backup.yaml"), "kind: List\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "db", "tables", "users.sql"), "insert\n");
        File.SetUnixFileMode(Path.Combine(folder, "db", "tables", "users.sql"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var archive = _dir.Combine("out.tar.gz");
        await using (var output = File.Create(archive))
            (await BackupArchiveWriter.WriteAsync(folder, output, BackupArchiveLimits.Default, _ => { }, CancellationToken.None)).Should().Be(4);

        var restored = Folder("restored");
        await using (var input = File.OpenRead(archive))
            await BackupArchiveReader.ExtractAsync(input, archive, restored, BackupArchiveLimits.Default, CancellationToken.None);

        (await File.ReadAllTextAsync(Path.Combine(restored, "backup.yaml"))).Should().Be("kind: List\n");
        (await File.ReadAllTextAsync(Path.Combine(restored, "db", "tables", "users.sql"))).Should().Be("insert\n");
        File.GetUnixFileMode(Path.Combine(restored, "db", "tables", "users.sql")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task A_link_to_etc_shadow_a_linked_folder_and_a_fifo_in_the_backup_folder_are_left_out_and_named()
    {
        var folder = Folder("backup");
        await File.WriteAllTextAsync(Path.Combine(folder, "data.txt"), "mine\n");
        File.CreateSymbolicLink(Path.Combine(folder, "shadow"), "/etc/shadow");
        Directory.CreateSymbolicLink(Path.Combine(folder, "etc"), "/etc");
        (await ProcessRunner.RunAsync("mkfifo", [Path.Combine(folder, "pipe")])).ExitCode.Should().Be(0);

        var (entries, skipped) = await ArchiveAsync(folder);

        entries.Keys.Should().BeEquivalentTo(["data.txt"]);
        entries.Values.Should().NotContain(v => v.Contains("root:"), "no line of /etc/shadow or /etc/passwd is in the backup");
        skipped.Should().Contain(s => s.StartsWith("shadow: not backed up, it is a symbolic link"))
            .And.Contain(s => s.StartsWith("etc: not backed up, it is a symbolic link"))
            .And.Contain(s => s.StartsWith("pipe: not backed up, it is a FIFO"));
    }

    [Fact]
    public async Task A_backup_restore_would_refuse_is_not_written()
    {
        var folder = Folder("backup");
        foreach (var name in new[] { "a", "b", "c" }) await File.WriteAllTextAsync(Path.Combine(folder, name), "12345");

        var tooMany = () => ArchiveAsync(folder, new BackupArchiveLimits(MaxUnpackedBytes: 1 << 20, MaxEntries: 2));
        var tooLarge = () => ArchiveAsync(folder, new BackupArchiveLimits(MaxUnpackedBytes: 12, MaxEntries: 100));

        (await tooMany.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("more than 2 files and folders");
        (await tooLarge.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("restore would refuse");
    }

    public static TheoryData<string, Entry[]> Hostile => new()
    {
        { "'..' path segment", [new("ok.txt"), new("../x")] },
        { "absolute path", [new("ok.txt"), new("/tmp/gravity-backup-test-absolute")] },
        { "link", [new("ok.txt"), new("shadow", TarEntryType.SymbolicLink, LinkName: "/etc/shadow")] },
        { "link", [new("ok.txt"), new("hard", TarEntryType.HardLink, LinkName: "ok.txt")] },
        { "unsupported type '3'", [new("ok.txt"), new("tty", TarEntryType.CharacterDevice)] },
        { "appears twice", [new("ok.txt"), new("ok.txt")] },
        { "which is a file", [new("ok.txt"), new("ok.txt/x")] },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Extracting_refuses_a_hostile_entry_naming_the_archive_and_writes_nothing_outside_the_folder(string reason, Entry[] entries)
    {
        var archive = _dir.Combine("hostile.tar.gz");
        Write(archive, entries);
        var restored = Folder("restored");

        var act = async () =>
        {
            await using var input = File.OpenRead(archive);
            await BackupArchiveReader.ExtractAsync(input, archive, restored, BackupArchiveLimits.Default, CancellationToken.None);
        };

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain(archive).And.Contain(reason);
        File.Exists(_dir.Combine("x")).Should().BeFalse();
        File.Exists("/tmp/gravity-backup-test-absolute").Should().BeFalse();
    }

    [Fact]
    public async Task Restore_refuses_an_archive_that_unpacks_beyond_its_limits()
    {
        var archive = _dir.Combine("big.tar.gz");
        Write(archive, new Entry("a", Content: new string('x', 1000)), new Entry("b", Content: new string('x', 1000)));

        var act = async () =>
        {
            await using var input = File.OpenRead(archive);
            await BackupArchiveReader.CheckAsync(input, archive, new BackupArchiveLimits(MaxUnpackedBytes: 1500, MaxEntries: 10), CancellationToken.None);
        };

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("unpacks to more than").And.Contain("'b'");
    }

    [Fact]
    public async Task Something_that_is_not_a_gzipped_tar_is_refused_naming_the_file()
    {
        var archive = _dir.Combine("notes.txt");
        await File.WriteAllTextAsync(archive, "not an archive");

        var act = async () =>
        {
            await using var input = File.OpenRead(archive);
            await BackupArchiveReader.CheckAsync(input, archive, BackupArchiveLimits.Default, CancellationToken.None);
        };

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().StartWith($"{archive} is not a backup gravity can restore");
    }

    [Fact]
    public void Emptying_the_backup_folder_removes_a_link_to_a_folder_but_not_what_it_points_to()
    {
        var outside = Folder("outside");
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var folder = Folder("backup");
        Directory.CreateSymbolicLink(Path.Combine(folder, "elsewhere"), outside);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.CreateSymbolicLink(Path.Combine(folder, "sub", "keep-link"), Path.Combine(outside, "keep.txt"));

        BackupFolder.Recreate(folder);

        Directory.EnumerateFileSystemEntries(folder).Should().BeEmpty();
        File.GetUnixFileMode(folder).Should().Be(BackupFolder.Mode);
        File.ReadAllText(Path.Combine(outside, "keep.txt")).Should().Be("keep");
    }
}
