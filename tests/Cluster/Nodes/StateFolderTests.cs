using Gravity.Cluster.Nodes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Nodes;

/// <summary>The state folder has one map: no other code names what lies in it.</summary>
public sealed class StateFolderTests
{
    private const string MapFile = "src/Cluster/Nodes/StateFolder.cs";

    /// <summary>Names only the node's state folder uses (quoted, as code that builds a path with them spells them).</summary>
    private static readonly string[] EntryNames =
    [
        "\"node.json\"", "\"agent.json\"", "\"operations.db\"", "\"operation.lock\"", "\"secrets\"", "\"service-secrets\"",
        "\"service-home\"", "\"created-state-folder\"", "\"created-service-user\"", "\"containerd.sock\"", "\"agent.pid\"", "\"certs.d\"",
    ];

    [Fact]
    public void No_source_file_but_the_map_builds_a_path_of_the_state_folder()
    {
        var offenders = RepositorySources.CSharpFiles("src", "cli")
            .Where(file => file != MapFile)
            .SelectMany(file => RepositorySources.Read(file).Split('\n')
                .Select((line, i) => (file, line: i + 1, text: line))
                .Where(l => EntryNames.Any(name => l.text.Contains(name, StringComparison.Ordinal))))
            .Select(l => $"{l.file}:{l.line}: {l.text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("paths under the state folder come from Gravity.Cluster.Nodes.StateFolder");
        RepositorySources.CSharpFiles("src").Should().Contain(MapFile);
    }

    [Fact]
    public void Everything_the_node_creates_is_directly_in_the_state_folder_and_listed_once()
    {
        var folder = new StateFolder("/data/g");

        folder.CreatedEntries.Should().OnlyHaveUniqueItems().And.OnlyContain(path => Path.GetDirectoryName(path) == "/data/g");
        folder.CreatedEntries.Should().Contain([folder.NodeFile, folder.LegacyAgentFile, folder.Local, folder.Secrets, folder.EtcdData]);
        folder.RootFolders.Should().NotIntersectWith(folder.ServiceUserFolders);
    }

    [Fact]
    public void The_runtime_folder_is_roots_and_leave_removes_it_and_its_staging_folders()
    {
        var folder = new StateFolder("/data/g");

        folder.RootFolders.Should().Contain(folder.RuntimeDir);
        folder.CreatedEntries.Should().Contain([folder.RuntimeDir, folder.RuntimeStaging, folder.RuntimeRetired, folder.RuntimeDownload]);
        // The unpacker stages beside its target: the names it uses are the ones leave knows.
        Gravity.Packaging.RuntimePackages.RuntimePackageUnpacker.StagingOf(folder.RuntimeDir).Should().Be(folder.RuntimeStaging);
        Gravity.Packaging.RuntimePackages.RuntimePackageUnpacker.RetiredOf(folder.RuntimeDir).Should().Be(folder.RuntimeRetired);
    }

    [Fact]
    public void Leave_removes_the_backup_folder_and_the_service_user_never_gets_it()
    {
        var folder = new StateFolder("/data/g");

        folder.Backup.Should().Be("/data/g/backup");
        folder.CreatedEntries.Should().Contain(folder.Backup);
        folder.ServiceUserFolders.Should().NotContain(folder.Backup);
        // Not one of the 0755 root folders either: backup and restore keep it 0700 themselves.
        folder.RootFolders.Should().NotContain(folder.Backup);
    }
}
