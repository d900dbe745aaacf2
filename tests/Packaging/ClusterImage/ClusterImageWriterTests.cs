using System.Formats.Tar;
using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.ClusterImage;

public sealed class ClusterImageWriterTests
{
    private static ArchiveFixtures Sample() => new ArchiveFixtures()
        .Add("README", "hello\n")
        .Add("gravity", new byte[3000], ArchiveEntry.ExecutableMode)
        .Add("packages/blobs/sha256/" + new string('a', 64), "blob")
        .Add("packages/resources/" + new string('x', 90) + "/" + new string('y', 90) + ".yaml", "kind: Pod\n")
        .Add("packages/resources/" + new string('z', 200) + ".yaml", "long name needs pax\n");

    [Fact]
    public async Task Same_entries_and_content_give_identical_bytes()
    {
        var a = Sample();
        var b = Sample();
        var first = await a.WriteAsync(a.WithHead());
        var second = await b.WriteAsync(b.WithHead());
        first.Should().Equal(second);
        first.LongLength.Should().Be(ClusterImageWriter.ComputeLength(a.WithHead()));
    }

    [Fact]
    public async Task Output_is_a_tar_that_dotnet_and_gnu_tar_read_with_fixed_owner_time_and_modes()
    {
        using var dir = new TempDir();
        var f = Sample();
        var path = await f.WriteFileAsync(dir.Combine("image.tar"), f.Entries);

        await using (var stream = File.OpenRead(path))
        {
            var reader = new TarReader(stream);
            var names = new List<string>();
            while (reader.GetNextEntry() is { } e)
            {
                names.Add(e.Name);
                e.Uid.Should().Be(0);
                e.Gid.Should().Be(0);
                e.ModificationTime.Should().Be(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
                if (e.Name == "gravity") e.Mode.Should().Be(ArchiveEntry.ExecutableMode);
                if (e.EntryType == TarEntryType.Directory) e.Name.Should().EndWith("/");
            }
            names.Should().ContainInOrder("README", "gravity", "packages/", "packages/blobs/", "packages/blobs/sha256/",
                "packages/blobs/sha256/" + new string('a', 64), "packages/resources/");
            names.Should().Contain("packages/resources/" + new string('z', 200) + ".yaml");
        }

        var extract = dir.Combine("x");
        Directory.CreateDirectory(extract);
        var result = await ProcessRunner.RunAsync("tar", ["-xf", path, "-C", extract]);
        result.ExitCode.Should().Be(0, result.StdErr);
        File.ReadAllText(Path.Combine(extract, "packages/resources/" + new string('z', 200) + ".yaml")).Should().Be("long name needs pax\n");
        File.ReadAllText(Path.Combine(extract, "packages/resources/" + new string('x', 90) + "/" + new string('y', 90) + ".yaml")).Should().Be("kind: Pod\n");
        File.GetUnixFileMode(Path.Combine(extract, "gravity")).Should().HaveFlag(UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Content_that_does_not_match_its_digest_fails_naming_the_entry()
    {
        var f = new ArchiveFixtures().Add("a.txt", "right");
        var wrong = f.Entries[0] with { Digest = Digest.Compute("other"u8) };
        var act = async () => await ClusterImageWriter.WriteAsync(new MemoryStream(), [wrong], (_, _) => f.Open(f.Entries[0], default));
        (await act.Should().ThrowAsync<ArchiveContentMismatchException>()).WithMessage("*a.txt*");
    }

    [Fact]
    public async Task Content_shorter_than_its_size_fails()
    {
        var f = new ArchiveFixtures().Add("a.txt", "right");
        var act = async () => await f.WriteAsync([f.Entries[0] with { Size = 10 }]);
        (await act.Should().ThrowAsync<ArchiveContentMismatchException>()).WithMessage("*a.txt*short*");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    public async Task Unsafe_names_are_refused(string name)
    {
        var f = new ArchiveFixtures().Add(name, "x");
        var act = async () => await f.WriteAsync(f.Entries);
        await act.Should().ThrowAsync<InvalidDataException>();
    }

    [Fact]
    public async Task Duplicate_names_are_refused()
    {
        var f = new ArchiveFixtures().Add("a", "x").Add("a", "y");
        var act = async () => await f.WriteAsync(f.Entries);
        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Preverified_files_are_copied_by_the_kernel_into_the_same_bytes_as_a_verified_copy()
    {
        using var dir = new TempDir();
        var blob = new byte[3_000_001];
        new Random(9).NextBytes(blob);
        var f = Sample().Add("packages/blobs/sha256/" + new string('b', 64), blob).Add("zz-after", "tail\n");
        var entries = f.WithHead();
        var expected = await f.WriteAsync(entries);
        var blobFile = dir.Combine("blob");
        await File.WriteAllBytesAsync(blobFile, blob);

        var path = dir.Combine("image.tar");
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            await ClusterImageWriter.WriteAsync(output, entries, (e, ct) => e.Size == blob.Length
                ? Task.FromResult<Stream>(new PreverifiedFileStream(blobFile))
                : f.Open(e, ct));

        (await File.ReadAllBytesAsync(path)).Should().Equal(expected);
    }

    [Fact]
    public async Task A_preverified_file_of_the_wrong_size_fails_the_entry()
    {
        using var dir = new TempDir();
        var f = Sample().Add("packages/blobs/sha256/" + new string('c', 64), new byte[1000]);
        var blobFile = dir.Combine("blob");
        await File.WriteAllBytesAsync(blobFile, new byte[999]);
        await using var output = new FileStream(dir.Combine("image.tar"), FileMode.CreateNew, FileAccess.Write);
        var act = () => ClusterImageWriter.WriteAsync(output, f.Entries, (e, ct) => e.Size == 1000
            ? Task.FromResult<Stream>(new PreverifiedFileStream(blobFile))
            : f.Open(e, ct));
        (await act.Should().ThrowAsync<ArchiveContentMismatchException>()).WithMessage("*999 bytes*1000*");
    }

    [Fact]
    public async Task Into_a_stream_that_is_not_a_file_a_preverified_file_is_hashed_like_any_other_content()
    {
        using var dir = new TempDir();
        var f = Sample().Add("packages/blobs/sha256/" + new string('d', 64), new byte[1000]);
        var blobFile = dir.Combine("blob");
        await File.WriteAllBytesAsync(blobFile, Enumerable.Repeat((byte)1, 1000).ToArray());
        using var output = new MemoryStream();
        var act = () => ClusterImageWriter.WriteAsync(output, f.Entries, (e, ct) => e.Size == 1000
            ? Task.FromResult<Stream>(new PreverifiedFileStream(blobFile))
            : f.Open(e, ct));
        (await act.Should().ThrowAsync<ArchiveContentMismatchException>()).WithMessage("*digest*");
    }
}
