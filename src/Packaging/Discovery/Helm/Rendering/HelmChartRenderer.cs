namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// Renders every top-level chart of the build folder with <c>helm template</c> (its values, then the --values files
/// and --set pairs in order, the runtime's Kubernetes version, CRDs included, helm test pods included) and collects
/// the images of what it renders. helm never reaches the network: nothing is downloaded, and a chart whose declared
/// dependencies are not vendored in charts/ fails with their names. Charts render in parallel; an unchanged chart
/// with unchanged values and helm is taken from the render cache.
/// </summary>
internal static class HelmChartRenderer
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(2);

    private sealed record Job(HelmChart Chart, HelmRenderRequest Request, string Key)
    {
        public string? Output { get; set; }
        public string? HelmVersion { get; set; }
        public bool Cached { get; set; }
        public string? Error { get; set; }
    }

    public static async Task RenderAsync(string buildDir, IReadOnlyList<string> topChartDirs, DiscoveryOptions options, HelmExecutable helm,
        ImageCollector collector, CancellationToken ct)
    {
        var valuesFiles = new List<string>();
        foreach (var file in options.ValuesFiles)
        {
            var full = Path.GetFullPath(file);
            if (File.Exists(full)) valuesFiles.Add(full);
            else collector.AddError(new DiscoveryError(Reported(buildDir, file), 0, 0, "values file not found"));
        }
        if (valuesFiles.Count != options.ValuesFiles.Count) return;

        var jobs = new List<Job>();
        foreach (var dir in topChartDirs)
        {
            var files = new FolderChartFiles(buildDir, dir);
            if (HelmChart.Load(files, collector) is not { } chart) continue;
            var subcharts = files.Subcharts(collector).Select(f => HelmChart.Load(f, collector)).OfType<HelmChart>().ToList();
            var missing = ChartDependencies.Missing(chart, subcharts);
            if (missing.Count > 0)
            {
                collector.AddError(new DiscoveryError(chart.ChartFile, 0, 0, $"Helm chart {chart.Name}: {ChartDependencies.Message(missing)}"));
                continue;
            }
            var request = new HelmRenderRequest(dir, Path.GetFullPath(Path.Combine(buildDir, dir)), HelmRenderRequest.ReleaseNameFor(chart.Name),
                options.HelmNamespace, options.KubeVersion, valuesFiles, options.Set.ToList());
            jobs.Add(new Job(chart, request, HelmRenderCache.KeyOf(helm, request)));
        }

        var cache = new HelmRenderCache(options.HelmCacheDir);
        foreach (var job in jobs)
            if (cache.TryGet(job.Key) is { } hit) (job.Output, job.HelmVersion, job.Cached) = (hit.Output, hit.HelmVersion, true);

        var toRender = jobs.Where(j => j.Output is null).ToList();
        if (toRender.Count > 0)
        {
            string version;
            try { version = await helm.VersionAsync(ct).ConfigureAwait(false); }
            catch (Gravity.Core.GravityException e)
            {
                collector.AddError(new DiscoveryError(helm.Path, 0, 0, e.Message));
                return;
            }
            await Parallel.ForEachAsync(toRender, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount * 2, 4, 16), CancellationToken = ct },
                async (job, token) =>
                {
                    job.HelmVersion = version;
                    (job.Output, job.Error) = await RenderOneAsync(helm, job.Request, token).ConfigureAwait(false);
                    if (job.Output is not null) await cache.RememberAsync(job.Key, job.Output, version).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        foreach (var job in jobs)
        {
            var name = job.Chart.Name;
            if (job.Error is { } error)
            {
                collector.AddError(new DiscoveryError(job.Chart.ChartFile, 0, 0, $"Helm chart {name}: helm template failed: {error}"));
                continue;
            }
            collector.AddChart(new ChartReading(job.Request.ChartDir, name, true,
                $"rendered with helm {job.HelmVersion}" + (job.Cached ? " (unchanged since the last build: render remembered)" : "")));
            HelmRenderedImages.Scan(job.Output!, job.Request.ChartDir, name, collector);
        }
    }

    private static async Task<(string? Output, string? Error)> RenderOneAsync(HelmExecutable helm, HelmRenderRequest request, CancellationToken ct)
    {
        try
        {
            return (await HelmTemplate.RunAsync(helm, request, RenderTimeout, ct).ConfigureAwait(false), null);
        }
        catch (Gravity.Core.GravityException e)
        {
            return (null, e.Message);
        }
    }

    private static string Reported(string buildDir, string file)
    {
        var relative = ResourceFiles.ToRelative(buildDir, Path.GetFullPath(file));
        return relative.StartsWith("../", StringComparison.Ordinal) ? file : relative;
    }
}
