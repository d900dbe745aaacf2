using System.Formats.Tar;
using System.Text;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.ClusterImage;

public sealed class ClusterImageReaderTests
{
    [Fact]
    public async Task Open_reads_the_head_and_entries_stream_verified()
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("README", "read me\n").Add("packages/resources/app.yaml", "kind: Pod\n");
        var path = await f.WriteFileAsync(dir.Combine("image.tar"), f.WithHead("web", "2.0.0"));

        var reader = await ClusterImageReader.OpenAsync(path);
        reader.Head.Name.Should().Be("web");
        reader.Head.Version.Should().Be("2.0.0");
        reader.Entries.Select(e => e.Name).Should().Equal(ClusterImageLayout.HeadPath, "README", "packages/resources/app.yaml");
        reader.Entries.Should().BeEquivalentTo(f.WithHead("web", "2.0.0"));
        Encoding.UTF8.GetString(await reader.ReadEntryBytesAsync("packages/resources/app.yaml")).Should().Be("kind: Pod\n");
    }

    [Fact]
    public async Task Open_reads_only_the_head_so_damage_further_on_does_not_stop_it()
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("README", "x").Add("big", new byte[100_000]);
        var bytes = await f.WriteAsync(f.WithHead());
        // Cut the archive in the middle of the big entry: the head is still complete.
        var path = dir.Combine("cut.tar");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        var reader = await ClusterImageReader.OpenAsync(path);
        reader.Head.Entries.Should().HaveCount(2);
        var act = async () => await reader.ReadEntryBytesAsync("README");
        await act.Should().ThrowAsync<InvalidDataException>();
    }

    [Fact]
    public async Task Rewritten_entries_same_list_give_same_bytes_as_the_original_file()
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("README", "x").Add("packages/blobs/sha256/" + new string('b', 64), new byte[1234]);
        var original = await f.WriteAsync(f.WithHead());
        var path = dir.Combine("image.tar");
        await File.WriteAllBytesAsync(path, original);

        var reader = await ClusterImageReader.OpenAsync(path);
        using var copy = new MemoryStream();
        await ClusterImageWriter.WriteAsync(copy, reader.Entries, (e, ct) => reader.OpenEntryAsync(e.Name, ct));
        copy.ToArray().Should().Equal(original);
    }

    [Fact]
    public async Task Extract_writes_every_file_with_its_mode()
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("install", "#!/bin/sh\n", ArchiveEntry.ExecutableMode).Add("packages/oci-layout", "{}");
        var path = await f.WriteFileAsync(dir.Combine("image.tar"), f.WithHead());
        var reader = await ClusterImageReader.OpenAsync(path);
        await reader.ExtractAsync(dir.Combine("out"));
        File.ReadAllText(dir.Combine("out", "install")).Should().Be("#!/bin/sh\n");
        File.GetUnixFileMode(dir.Combine("out", "install")).Should().Be(ArchiveEntry.ExecutableMode);
        File.Exists(dir.Combine("out", ".gravity", "head.json")).Should().BeTrue();
    }

    [Fact]
    public async Task A_file_whose_first_entry_is_not_the_head_is_refused()
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("README", "x");
        var path = await f.WriteFileAsync(dir.Combine("image.tar"), f.Entries);
        var act = async () => await ClusterImageReader.OpenAsync(path);
        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*not a cluster image*README*");
    }

    public static TheoryData<string> HostileEntries => new() { "dotdot", "absolute", "symlink", "hardlink" };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public async Task Hostile_entries_are_rejected_before_anything_is_written(string kind)
    {
        using var dir = new TempDir();
        var f = new ArchiveFixtures().Add("README", "x");
        var headEntries = f.WithHead();
        var path = dir.Combine("hostile.tar");
        // A valid head followed by one hostile entry, crafted with the framework's own tar writer.
        var valid = await f.WriteAsync(headEntries);
        await using (var fs = File.Create(path))
        {
            await fs.WriteAsync(valid.AsMemory(0, valid.Length - 1024));
            await using var writer = new TarWriter(fs, TarEntryFormat.Pax, leaveOpen: true);
            TarEntry hostile = kind switch
            {
                "dotdot" => new PaxTarEntry(TarEntryType.RegularFile, "../escaped") { DataStream = new MemoryStream("evil"u8.ToArray()) },
                "absolute" => new PaxTarEntry(TarEntryType.RegularFile, "/tmp/escaped") { DataStream = new MemoryStream("evil"u8.ToArray()) },
                "symlink" => new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" },
                _ => new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "README" },
            };
            await writer.WriteEntryAsync(hostile);
        }

        var reader = await ClusterImageReader.OpenAsync(path);
        var target = dir.Combine("out");
        var act = async () => await reader.ExtractAsync(target);
        await act.Should().ThrowAsync<InvalidDataException>();
        File.Exists(dir.Combine("escaped")).Should().BeFalse();
        Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Should().NotContain(["link", "hard"]);
        var open = async () => await reader.OpenEntryAsync("README");
        await open.Should().ThrowAsync<InvalidDataException>();
    }
}
