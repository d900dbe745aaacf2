using Gravity.Cluster.State;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>
/// The service user (etcd and the registry run as it) must not be able to become root: nothing root executes, reads as
/// configuration or writes under the state folder is the service user's, and secrets are root's alone.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class ServiceUserPrivilegeTests
{
    /// <summary>The folders the service user owns: its services' data and its home (and nothing root reads or runs from them).</summary>
    private static readonly string[] ServiceUserData = ["etcd", "registry", "service-home"];

    [Fact]
    public async Task After_install_the_service_user_owns_only_its_data_and_its_log_links_do_not_reach_root_files()
    {
        using var programs = new Gravity.Testing.TempDir("runtime-programs");
        // Programs the agent does not run, so the host's etcd and containerd still serve the install.
        using var f = await InstallFixture.CreateAsync(runtimePrograms: Gravity.Testing.RuntimePackageTestImage.SmallPrograms(programs.Path, "kubectl", "helm"));
        // An id of its own: other tests create and remove InstallFixture.UnusedId's user, and the user database is the machine's.
        const int id = 48217;
        f.ServiceId = id;
        try
        {
            await GravityCli.RunCheckedAsync(f.InstallArgs());

            var entries = await StateFolderEntry.ListAsync(f.StateDir);
            // The services' copies of their keys are the service user's too, in a folder of root's (root never reads them).
            var rootsOwn = entries.Where(e => !ServiceUserData.Any(d => e.RelativePath == d || e.RelativePath.StartsWith(d + "/", StringComparison.Ordinal)))
                .Where(e => !(e.RelativePath.StartsWith("service-secrets/", StringComparison.Ordinal) && e.RelativePath.EndsWith("-key.pem", StringComparison.Ordinal)))
                .ToList();
            rootsOwn.Should().Contain(e => e.RelativePath == "logs").And.Contain(e => e.RelativePath == "run").And.Contain(e => e.RelativePath == "bin")
                .And.Contain(e => e.RelativePath == "runtime/bin/kubectl").And.Contain(e => e.RelativePath == "runtime/runtime.json");
            Mode(entries, "runtime").Should().Be(0x1ED, "0755");
            Mode(entries, "runtime/bin").Should().Be(0x1ED, "0755");
            Mode(entries, "runtime/bin/kubectl").Should().Be(0x1ED, "0755");
            var kubectl = Path.Combine(f.StateDir, "runtime", "bin", "kubectl");
            var kubectlBefore = await File.ReadAllTextAsync(kubectl);
            rootsOwn.Where(e => e.WritableBy(id, id)).Should().BeEmpty("root runs, reads or writes everything outside the service user's data folders");
            rootsOwn.Where(e => e.Uid != 0).Should().BeEmpty();
            entries.Single(e => e.RelativePath == "etcd").Uid.Should().Be(id, "etcd keeps its data as the service user");

            // Secrets: the join token sits in operations.db; keys and their folder are root's alone.
            Mode(entries, "local/operations.db").Should().Be(0x180, "0600");
            Mode(entries, "secrets").Should().Be(0x1C0, "0700");
            entries.Where(e => e.RelativePath.StartsWith("secrets/", StringComparison.Ordinal) && e.RelativePath.EndsWith("-key.pem", StringComparison.Ordinal))
                .Should().NotBeEmpty().And.OnlyContain(e => e.Mode == 0x180 && e.Uid == 0);

            // The installed gravity (present when the tests run the published binary) must be the same bytes after the attack.
            var gravity = Path.Combine(f.StateDir, "bin", "gravity");
            var gravityBefore = File.Exists(gravity) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(gravity))) : null;

            // The attack: as the service user, swap log files for links to a root file and plant a program in bin/.
            var victim = Path.Combine(f.Root, "root-file");
            await File.WriteAllTextAsync(victim, "root's own content\n");
            var attack = await ProcessRunner.RunAsync("setpriv", ["--reuid", id.ToString(), "--regid", id.ToString(), "--clear-groups", "--", "/bin/sh", "-c",
                """
                cd "$1"
                for log in logs/*.log; do rm -f "$log"; ln -s "$2" "$log"; done
                ln -s "$2" logs/etcd.log; ln -s "$2" logs/agent.log
                printf '#!/bin/sh\nid > /tmp/owned\n' > bin/gravity && chmod 755 bin/gravity
                printf '%s\n' 999999 > run/etcd.pid
                printf '#!/bin/sh\nid > /tmp/owned\n' > runtime/bin/kubectl
                printf '#!/bin/sh\nid > /tmp/owned\n' > runtime/bin/etcd && chmod 755 runtime/bin/etcd
                mv runtime runtime.moved; mkdir -p runtime/bin
                true
                """, "sh", f.StateDir, victim]);
            attack.ExitCode.Should().Be(0, attack.Combined);

            await GravityCli.RunCheckedAsync("stop", "--state-dir", f.StateDir);
            await GravityCli.RunCheckedAsync("start", "--state-dir", f.StateDir);

            (await File.ReadAllTextAsync(victim)).Should().Be("root's own content\n", "root must not write through the service user's links");
            foreach (var log in Directory.EnumerateFiles(Path.Combine(f.StateDir, "logs")))
                new FileInfo(log).LinkTarget.Should().BeNull(log);
            var gravityAfter = File.Exists(gravity) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(gravity))) : null;
            gravityAfter.Should().Be(gravityBefore, "the service user cannot write into bin/");
            (await File.ReadAllTextAsync(kubectl)).Should().Be(kubectlBefore, "the service user cannot change the runtime package");
            File.Exists(Path.Combine(f.StateDir, "runtime", "bin", "etcd")).Should().BeFalse("the service user cannot plant a program the agent would run");
            Directory.Exists(Path.Combine(f.StateDir, "runtime.moved")).Should().BeFalse();
            File.Exists("/tmp/owned").Should().BeFalse("no planted program ran");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [Fact]
    public async Task The_operations_database_with_the_join_token_is_readable_by_root_only()
    {
        using var f = await InstallFixture.CreateAsync();
        await GravityCli.RunCheckedAsync(f.InstallArgs("--manual"));
        await GravityCli.RunCheckedAsync("plan", "execute", "--phase", "/checks", "--state-dir", f.StateDir);
        await GravityCli.RunCheckedAsync("plan", "execute", "--phase", "/configure", "--state-dir", f.StateDir);

        var db = new LocalDatabase(f.StateDir);
        File.GetUnixFileMode(db.Path_).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(db.Path_)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using (await db.OpenAsync())
        {
            // SQLite creates the write-ahead log and shared memory files while a connection is open.
            File.GetUnixFileMode(db.Path_ + "-wal").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(db.Path_ + "-shm").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var secrets = Path.Combine(f.StateDir, "secrets");
        File.GetUnixFileMode(secrets).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.EnumerateFiles(secrets, "*-key.pem").Should().NotBeEmpty().And.OnlyContain(k => File.GetUnixFileMode(k) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        await GravityCli.RunCheckedAsync("leave", "--force", "--state-dir", f.StateDir);
    }

    private static int Mode(IReadOnlyList<StateFolderEntry> entries, string path) => entries.Single(e => e.RelativePath == path).Mode;
}
