using Gravity.Core.IO;
using Gravity.Testing;

namespace Gravity.Core.Tests;

public class BeneathFileTests
{
    [Fact]
    public void A_regular_file_beneath_the_folder_is_opened()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("root", "sub"));
        File.WriteAllText(dir.Combine("root", "sub", "data.txt"), "mine");
        using var root = BeneathFile.OpenFolder(dir.Combine("root"));

        using var file = new FileStream(BeneathFile.OpenRegular(root, "sub/data.txt"), FileAccess.Read);

        new StreamReader(file).ReadToEnd().Should().Be("mine");
    }

    [Fact]
    public void No_link_is_followed_not_the_last_one_nor_a_folder_on_the_way()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("root"));
        Directory.CreateDirectory(dir.Combine("outside"));
        File.WriteAllText(dir.Combine("outside", "secret"), "not yours");
        File.CreateSymbolicLink(dir.Combine("root", "shadow"), "/etc/shadow");
        Directory.CreateSymbolicLink(dir.Combine("root", "sub"), dir.Combine("outside"));
        using var root = BeneathFile.OpenFolder(dir.Combine("root"));

        FluentActions.Invoking(() => BeneathFile.OpenRegular(root, "shadow")).Should().Throw<IOException>().WithMessage("*symbolic link*");
        FluentActions.Invoking(() => BeneathFile.OpenRegular(root, "sub/secret")).Should().Throw<IOException>().WithMessage("*symbolic link*");
        FluentActions.Invoking(() => BeneathFile.OpenRegular(root, "../outside/secret")).Should().Throw<IOException>();
    }

    [Fact]
    public void A_link_in_a_middle_folder_of_the_path_is_not_followed()
    {
        // openat(dirfd, "a/sub/secret", O_NOFOLLOW), the old fallback for kernels without openat2, followed "sub".
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("root", "a"));
        Directory.CreateDirectory(dir.Combine("outside", "deeper"));
        File.WriteAllText(dir.Combine("outside", "deeper", "secret"), "not yours");
        Directory.CreateSymbolicLink(dir.Combine("root", "a", "sub"), dir.Combine("outside"));
        using var root = BeneathFile.OpenFolder(dir.Combine("root"));

        FluentActions.Invoking(() => BeneathFile.OpenRegular(root, "a/sub/deeper/secret")).Should().Throw<IOException>().WithMessage("*a/sub/deeper/secret is or passes through a symbolic link*");
        FluentActions.Invoking(() => BeneathFile.OpenRegular(root, "a/./../../outside/deeper/secret")).Should().Throw<IOException>();
    }

    [Fact]
    public void A_folder_given_as_a_link_is_refused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("real"));
        Directory.CreateSymbolicLink(dir.Combine("link"), dir.Combine("real"));

        FluentActions.Invoking(() => BeneathFile.OpenFolder(dir.Combine("link"))).Should().Throw<IOException>();
    }
}
