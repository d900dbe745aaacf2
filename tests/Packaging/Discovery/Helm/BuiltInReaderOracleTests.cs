using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>Without helm, the built-in reader finds the images that <c>helm template</c> renders for the same charts and flags.</summary>
public sealed class BuiltInReaderOracleTests
{
    public static TheoryData<string> Cases => ChartCase.Names();

    [RequiresHelmTheory]
    [MemberData(nameof(Cases))]
    public async Task Without_helm_the_images_found_are_those_of_helm_template(string name)
    {
        var chartCase = ChartCase.Named(name);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chart in chartCase.ChartDirs)
            expected.UnionWith(await HelmOracle.ImagesAsync(chart, chartCase.FullValuesFiles, chartCase.Sets));

        var result = await ImageDiscovery.DiscoverAsync(chartCase.Path, BuildFolder.Manifest(), new DiscoveryOptions
        {
            ValuesFiles = chartCase.FullValuesFiles, Set = chartCase.SetDictionary,
        });

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(expected, string.Join("\n", result.Warnings));
        result.Warnings.Should().ContainSingle().Which.Message.Should().Be(Gravity.Packaging.Discovery.Helm.HelmChartScanner.NoHelmWarning);
        result.Charts.Should().OnlyContain(c => !c.WithHelm);
    }
}
