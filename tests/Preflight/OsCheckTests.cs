using Gravity.Manifest;

namespace Gravity.Preflight.Tests;

public class OsCheckTests : PreflightTestBase
{
    private PreflightOptions WithOsRelease(string content)
    {
        var path = Dir.Combine("os-release");
        File.WriteAllText(path, content);
        return Options with { OsReleasePath = path };
    }

    [Fact]
    public async Task Matching_id_and_version_prefix_passes()
    {
        var options = WithOsRelease("NAME=\"CentOS Linux\"\nID=\"centos\"\nVERSION_ID=\"7.9\"\n");
        var r = await RunSingleAsync(new Requirements { Os = [new OsRequirement { Name = "centos", Versions = ["7"] }] }, options);
        r.Status.Should().Be(CheckStatus.Passed);
    }

    [Fact]
    public async Task Another_distribution_fails_and_lists_the_supported_ones()
    {
        var options = WithOsRelease("ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        var r = await RunSingleAsync(new Requirements
        {
            Os = [new OsRequirement { Name = "centos", Versions = ["7"] }, new OsRequirement { Name = "rhel", Versions = ["7.2", "7.3"] }],
        }, options);
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Be("this node runs debian 12 (Debian GNU/Linux 12 (bookworm)), profile db supports only: centos 7; rhel 7.2, 7.3");
    }

    [Fact]
    public async Task A_version_that_is_not_listed_fails()
    {
        var options = WithOsRelease("ID=rhel\nVERSION_ID=7.4\n");
        var r = await RunSingleAsync(new Requirements { Os = [new OsRequirement { Name = "rhel", Versions = ["7.2", "7.3"] }] }, options);
        r.Status.Should().Be(CheckStatus.Failed);
    }
}
