using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>install, join and autojoin describe the node's flags alike: one declaration of them, not three copies that drift.</summary>
public sealed class NodeFlagsHelpTests
{
    private static readonly string[] Shared =
    [
        "--advertise-addr", "--node-name", "--service-uid", "--service-gid", "--manual", "--skip-check", "--etcd-port",
        "--etcd-peer-port", "--registry-port", "--health-port", "--listen-addr", "--manage-etc-hosts",
    ];

    [Fact]
    public async Task Install_join_and_autojoin_print_the_same_node_flags()
    {
        using var dir = new TempDir();
        var helps = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var command in new[] { "install", "join", "autojoin" })
        {
            var help = await GuideShell.RunAsync($"gravity {command} --help", dir.Path);
            help.ExitCode.Should().Be(0, help.Combined);
            helps[command] = help.StdOut.Split('\n')
                .Select(l => l.Trim())
                .Where(l => Shared.Any(f => l.StartsWith(f + " ", StringComparison.Ordinal) || l.StartsWith("-m, " + f, StringComparison.Ordinal)))
                .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                .ToList();
        }

        helps["install"].Should().HaveCount(Shared.Length, string.Join("\n", helps["install"]));
        helps["join"].Should().Equal(helps["install"]);
        helps["autojoin"].Should().Equal(helps["install"]);
    }
}
