using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Packaging.Discovery.Helm.Rendering;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// A Helm chart of the application as the Kubernetes objects /app applies: rendered exactly as tele build rendered it
/// to find its images (<see cref="HelmTemplate"/>: CRDs included, helm isolated), with the runtime package's helm, for
/// the runtime package's Kubernetes version. The release is named after the chart's folder (the application's name
/// for a chart at the top of the resources), as helm accepts it. As root, a helm another user could replace is refused.
/// </summary>
public static class ApplicationChartRenderer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    public const string Namespace = "default";

    public static async Task<IReadOnlyList<ApplicationObject>> RenderAsync(string helmPath, string chartDir, string chart, string appName, string kubernetesVersion, CancellationToken ct)
    {
        var where = chart.Length == 0 ? "." : chart;
        if (!File.Exists(helmPath)) throw new GravityException($"Helm chart {where}: the runtime package has no helm ({helmPath} is missing)");
        HelmExecutable helm;
        try
        {
            helm = (await HelmExecutable.LocateAsync(helmPath, _ => null, ct))!;
        }
        catch (GravityException ex)
        {
            throw new GravityException($"Helm chart {where}: the runtime package's helm: {ex.Message}", ex);
        }
        var release = HelmRenderRequest.ReleaseNameFor(chart.Length == 0 ? appName : Path.GetFileName(chart));
        var version = kubernetesVersion.StartsWith('v') ? kubernetesVersion : $"v{kubernetesVersion}";
        var request = new HelmRenderRequest(where, Path.GetFullPath(chartDir), release, Namespace, version, [], []);
        string output;
        try
        {
            output = await HelmTemplate.RunAsync(helm, request, Timeout, ct);
        }
        catch (GravityException ex)
        {
            throw new GravityException($"Helm chart {where}: helm template failed: {ex.Message}", ex);
        }
        return ApplicationObjectReader.Read(output, $"{where} (helm template)");
    }
}
