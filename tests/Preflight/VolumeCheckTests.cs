using Gravity.Manifest;

namespace Gravity.Preflight.Tests;

public class VolumeCheckTests : PreflightTestBase
{
    private static Requirements Volumes(params Volume[] volumes) => new() { Volumes = volumes };

    [Fact]
    public async Task A_missing_volume_that_may_not_be_created_fails()
    {
        var path = Dir.Combine("data");
        var r = await RunSingleAsync(Volumes(new Volume { Path = path, CreateIfMissing = false }));
        r.Status.Should().Be(CheckStatus.Failed);
        r.Name.Should().Be($"volume:{path}");
        r.Message.Should().Be($"{path} does not exist and profile db does not allow creating it: mount or create it first");
    }

    [Fact]
    public async Task A_missing_volume_is_created_with_its_owner_and_mode()
    {
        var path = Dir.Combine("data", "nested");
        var r = await RunSingleAsync(Volumes(new Volume { Path = path, Uid = 4242, Gid = 4343, Mode = Convert.ToInt32("750", 8) }));
        r.Status.Should().Be(CheckStatus.Passed);
        r.Message.Should().Contain("created");
        Directory.Exists(path).Should().BeTrue();
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var stat = await Gravity.Core.Processes.ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", path]);
        stat.StdOut.Should().Be("4242:4343");
    }

    [Fact]
    public async Task Gravity_check_does_not_create_a_missing_volume()
    {
        var path = Dir.Combine("later");
        var r = await RunSingleAsync(Volumes(new Volume { Path = path }), Options with { CreateMissingVolumes = false });
        r.Status.Should().Be(CheckStatus.Passed);
        r.Message.Should().Contain("will be created");
        Directory.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task A_missing_volume_marked_skipIfMissing_is_skipped()
    {
        var r = await RunSingleAsync(Volumes(new Volume { Path = Dir.Combine("optional"), SkipIfMissing = true, CreateIfMissing = false }));
        r.Status.Should().Be(CheckStatus.Skipped);
        r.Message.Should().Contain("skipIfMissing");
        Directory.Exists(Dir.Combine("optional")).Should().BeFalse();
    }

    [Fact]
    public async Task A_shell_pattern_matches_existing_folders()
    {
        Directory.CreateDirectory(Dir.Combine("dir-abc"));
        var r = await RunSingleAsync(Volumes(new Volume { Path = Dir.Combine("dir-???") }));
        r.Status.Should().Be(CheckStatus.Passed);
    }

    [Fact]
    public async Task A_shell_pattern_without_match_fails()
    {
        Directory.CreateDirectory(Dir.Combine("dir-abcd"));
        var pattern = Dir.Combine("dir-[xyz]??");
        var r = await RunSingleAsync(Volumes(new Volume { Path = pattern }));
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Be($"no folder matches the pattern {pattern}; profile db needs one (create or mount it)");
    }

    [Fact]
    public async Task Too_little_free_capacity_fails_with_the_figures()
    {
        var r = await RunSingleAsync(Volumes(new Volume { Path = Dir.Path, Capacity = 1_000_000_000_000_000 }));
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Contain("free on").And.Contain("profile db needs at least 1000 TB");
    }

    [Fact]
    public async Task Enough_capacity_passes()
        => (await RunSingleAsync(Volumes(new Volume { Path = Dir.Path, Capacity = 1000 }))).Status.Should().Be(CheckStatus.Passed);

    [Fact]
    public async Task The_file_system_type_comes_from_the_longest_matching_mount()
    {
        var mounts = Dir.Combine("mounts");
        var data = Directory.CreateDirectory(Dir.Combine("data")).FullName;
        File.WriteAllText(mounts, $"/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 {data} xfs rw 0 0\n/dev/sdc1 {data}-other btrfs rw 0 0\n");
        var options = Options with { MountsPath = mounts };

        var ok = await RunSingleAsync(Volumes(new Volume { Path = data, Filesystems = ["ext4", "xfs"] }), options);
        ok.Status.Should().Be(CheckStatus.Passed);
        var bad = await RunSingleAsync(Volumes(new Volume { Path = data, Filesystems = ["ext4"] }), options);
        bad.Status.Should().Be(CheckStatus.Failed);
        bad.Message.Should().Be($"{data} is on xfs ({data}), profile db needs one of: ext4");
    }

    [Fact]
    public async Task Wrong_owner_and_mode_of_an_existing_volume_fail_with_the_fix()
    {
        var path = Directory.CreateDirectory(Dir.Combine("owned")).FullName;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r = await RunSingleAsync(Volumes(new Volume { Path = path, Uid = 4242, Mode = Convert.ToInt32("755", 8) }));
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Contain("is owned by 0:0").And.Contain($"chown 4242:0 {path}").And.Contain($"has mode 0700, profile db needs 0755 (chmod 0755 {path})");
    }

    [Fact]
    public async Task A_write_test_slower_than_the_minimum_transfer_rate_fails()
    {
        var r = await RunSingleAsync(Volumes(new Volume { Path = Dir.Path, MinTransferRate = 1_000_000_000_000_000 }));
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().MatchRegex(@"writes at [0-9.]+ [kMGT]?B/s, profile db needs at least 1000 TB/s: use faster storage$");
        Directory.EnumerateFileSystemEntries(Dir.Path).Should().BeEmpty("the test file is removed");
    }

    [Fact]
    public async Task A_write_test_faster_than_the_minimum_passes()
    {
        var r = await RunSingleAsync(Volumes(new Volume { Path = Dir.Path, MinTransferRate = 1000 }));
        r.Status.Should().Be(CheckStatus.Passed);
        r.Message.Should().Contain("writes at");
    }
}
