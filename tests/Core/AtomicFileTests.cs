using Gravity.Core;
using Gravity.Testing;

namespace Gravity.Core.Tests;

public class AtomicFileTests
{
    [Fact]
    public async Task A_failed_write_leaves_the_old_content_and_no_temporary_file()
    {
        using var dir = new TempDir();
        var target = dir.Combine("out.txt");
        await File.WriteAllTextAsync(target, "old");

        var act = () => AtomicFile.WriteAsync(target, async s =>
        {
            await s.WriteAsync("partial"u8.ToArray());
            throw new IOException("disk on fire");
        });

        await act.Should().ThrowAsync<IOException>();
        (await File.ReadAllTextAsync(target)).Should().Be("old");
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Fact]
    public async Task Writes_with_the_requested_mode()
    {
        using var dir = new TempDir();
        var target = dir.Combine("secret.json");
        await AtomicFile.WriteAllTextAsync(target, "{}", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(target).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await File.ReadAllTextAsync(target)).Should().Be("{}");
    }
}
