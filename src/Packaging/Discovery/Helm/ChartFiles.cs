namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// The files of one chart, wherever they are: a folder of the build folder or a packaged subchart (.tgz).
/// Paths are relative to the chart's root and '/'-separated.
/// </summary>
internal abstract class ChartFiles
{
    public const string SubchartsDir = "charts";

    /// <summary>How a file of the chart is named in messages (relative to the build folder).</summary>
    public abstract string ReportedPath(string relative);

    /// <summary>The text of a file, or null when the chart has no such file.</summary>
    public abstract string? ReadText(string relative);

    /// <summary>Every file under a folder of the chart (recursively), sorted.</summary>
    public abstract IReadOnlyList<string> FilesUnder(string folder);

    /// <summary>The charts held in <c>charts/</c>: unpacked folders with a Chart.yaml and .tgz packages.</summary>
    public abstract IReadOnlyList<ChartFiles> Subcharts(ImageCollector collector);
}
