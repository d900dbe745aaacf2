using System.Text.RegularExpressions;
using Gravity.Testing;

namespace Gravity.Core.Tests;

/// <summary>Every default of a node setting is written once, in NodeDefaults: a second copy is how a node ends up checking one port and listening on another.</summary>
public sealed class NodeDefaultsTests
{
    private const string DefaultsFile = "src/Core/NodeDefaults.cs";

    [Fact]
    public void No_source_file_but_the_defaults_spells_out_a_default_port_or_the_default_state_folder()
    {
        var literal = new Regex(@"(?<!\d)(2379|2380|7575)(?!\d)|/var/lib/gravity");
        var offenders = RepositorySources.CSharpFiles("src", "cli")
            .Where(file => file != DefaultsFile)
            .SelectMany(file => RepositorySources.Read(file).Split('\n')
                .Select((line, i) => (file, line: i + 1, text: line))
                .Where(l => literal.IsMatch(l.text)))
            .Select(l => $"{l.file}:{l.line}: {l.text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("use Gravity.Core.NodeDefaults instead");
        RepositorySources.CSharpFiles("src").Should().Contain(DefaultsFile);
    }
}
