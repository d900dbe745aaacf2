using Gravity.Cluster.Operations;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>`gravity leave --force` removes what the install created and nothing else, even when the state folder held the user's files before.</summary>
[Collection(InstallCollection.Name)]
public sealed class LeaveTests
{
    [Fact]
    public async Task Leave_of_a_state_folder_that_existed_before_keeps_the_users_files_and_removes_the_rest()
    {
        using var f = await InstallFixture.CreateAsync();
        Directory.CreateDirectory(Path.Combine(f.StateDir, "backups"));
        await File.WriteAllTextAsync(Path.Combine(f.StateDir, "notes.txt"), "the operator's notes\n");
        await File.WriteAllTextAsync(Path.Combine(f.StateDir, "backups", "db.dump"), "a backup\n");

        await GravityCli.RunCheckedAsync(f.InstallArgs());
        Directory.EnumerateFileSystemEntries(f.StateDir).Should().HaveCountGreaterThan(5, "the install created its folders next to the user's");
        await GravityCli.RunCheckedAsync("leave", "--force", "--state-dir", f.StateDir);

        Directory.EnumerateFileSystemEntries(f.StateDir).Select(Path.GetFileName).Should().BeEquivalentTo(["notes.txt", "backups"],
            "everything the install created is gone and nothing else");
        (await File.ReadAllTextAsync(Path.Combine(f.StateDir, "notes.txt"))).Should().Be("the operator's notes\n");
        (await File.ReadAllTextAsync(Path.Combine(f.StateDir, "backups", "db.dump"))).Should().Be("a backup\n");
        LeftoverProcesses.Find(f.StateDir).Should().BeEmpty();
    }

    [Fact]
    public async Task An_install_into_a_state_folder_holding_an_entry_it_would_create_is_refused()
    {
        using var f = await InstallFixture.CreateAsync();
        Directory.CreateDirectory(Path.Combine(f.StateDir, "logs"));
        await File.WriteAllTextAsync(Path.Combine(f.StateDir, "logs", "app.log"), "the user's log\n");

        var r = await GravityCli.RunAsync(f.InstallArgs());

        r.ExitCode.Should().Be(1, r.Combined);
        r.StdErr.Should().Contain(Path.Combine(f.StateDir, "logs")).And.Contain("already");
        Directory.EnumerateFileSystemEntries(f.StateDir).Select(Path.GetFileName).Should().BeEquivalentTo(["logs"], "nothing changed");
    }

    [Fact]
    public async Task A_corrupt_operations_database_is_named_by_every_command_and_leave_force_still_uninstalls()
    {
        using var f = await InstallFixture.CreateAsync();
        await GravityCli.RunCheckedAsync(f.InstallArgs());
        var db = Path.Combine(f.StateDir, "local", "operations.db");
        await using (var s = new FileStream(db, FileMode.Open, FileAccess.Write))
            await s.WriteAsync("this is no SQLite database, a hostile tester wrote it"u8.ToArray());

        foreach (var command in new[] { new[] { "status" }, ["plan"], ["plan", "resume"], ["leave"] })
        {
            var r = await GravityCli.RunAsync([.. command, "--state-dir", f.StateDir]);
            r.ExitCode.Should().Be(1, $"gravity {string.Join(' ', command)}: {r.Combined}");
            r.StdErr.Should().Contain(db).And.Contain("not a database", $"gravity {string.Join(' ', command)} says what is wrong");
            r.StdErr.Should().NotContain("   at ").And.NotContain("Exception", "no stack trace");
        }

        var leave = await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        leave.ExitCode.Should().Be(0, leave.Combined);
        leave.StdOut.Should().Contain(db);
        Directory.Exists(f.StateDir).Should().BeFalse("the install created the state folder");
        LeftoverProcesses.Find(f.StateDir).Should().BeEmpty("leave stopped the agent and its services");
    }
}
