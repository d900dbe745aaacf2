using Gravity.Core;
using Gravity.Manifest;
using Gravity.Oci;
using Gravity.Packaging.Discovery;
using Gravity.Packaging.Discovery.Helm.Rendering;

namespace Gravity.Packaging.Build;

/// <summary>Loads and validates the inputs of a build and decides what goes into the image, without fetching anything.</summary>
internal static class BuildPlanner
{
    public sealed record Inputs(BuildPlan Plan, AppManifest Manifest, string FinalYaml, string BuildDir, LocalImageSources Local,
        IReadOnlySet<string> RewrittenResources);

    public static async Task<Inputs> PlanAsync(BuildRequest request, IBuildProgress progress, CancellationToken ct)
    {
        var manifestPath = ResolveManifestPath(request.ManifestPath);
        var buildDir = Path.GetDirectoryName(manifestPath)!;
        progress.Stage($"Loading {manifestPath}");
        var loaded = await ManifestLoader.LoadFileAsync(manifestPath,
            new ManifestLoadOptions { GetEnvironmentVariable = request.GetEnvironmentVariable, AllowedPaths = request.AllowedPaths }, ct).ConfigureAwait(false);
        var manifest = loaded.EnsureSuccess();
        var name = manifest.Metadata.Name;
        var version = manifest.Metadata.ResourceVersion;

        var output = Path.GetFullPath(request.OutputPath ?? $"{name}-{version}.tar");
        if (Directory.Exists(output)) throw new GravityException($"{output} is a folder; -o names the file to write");
        if (!request.DryRun && File.Exists(output) && !request.Overwrite)
            throw new GravityException($"{output} already exists; use -f to overwrite it");

        var overrides = ImageOverrides.Parse(request.SetImages);
        // Before anything in the folder is read: discovery reads resources and charts too.
        var excluded = Excluded(request, output);
        var manifestRelative = Path.GetRelativePath(buildDir, manifestPath).Replace('\\', '/');
        bool LeftOut(string p) => p == manifestRelative || IsHidden(p) || excluded(Path.Combine(buildDir, p));
        BuildFolderConfinement.Check(buildDir, ResourceFiles.EnumerateAll(buildDir, request.Ignore).Where(p => !LeftOut(p)), request.Ignore, LeftOut);
        progress.Stage("Finding images");
        // helm is looked for only when there is a chart to render (or --helm names one): vetting it runs a process, which
        // an unchanged rebuild of an application without charts should not pay for.
        var helm = request.HelmBinary is { Length: > 0 } || ResourceFiles.FindCharts(buildDir, request.Ignore).Count > 0
            ? await HelmExecutable.LocateAsync(request.HelmBinary, request.GetEnvironmentVariable, ct).ConfigureAwait(false)
            : null;
        var discovery = await ImageDiscovery.DiscoverAsync(buildDir, manifest, new DiscoveryOptions
        {
            Globs = request.Globs.Count > 0 ? request.Globs : DiscoveryOptions.DefaultGlobs,
            Ignore = request.Ignore,
            ValuesFiles = request.ValuesFiles,
            Set = request.HelmSet,
            ManifestFile = manifestPath,
            Helm = helm,
            HelmCacheDir = Path.Combine(request.StateDir, "helm-renders"),
        }, ct).ConfigureAwait(false);
        var warnings = discovery.Warnings.Select(w => w.ToString()).ToList();
        foreach (var warning in warnings) progress.Stage("warning: " + warning);
        if (!discovery.Succeeded)
            throw new GravityException("cannot find the application's images:" + Environment.NewLine + string.Join(Environment.NewLine, discovery.Errors));
        if (overrides.Unused(discovery.Images.Select(i => i.Reference)).FirstOrDefault() is { } unused)
            throw new GravityException($"--set-image {unused}=...: the application uses no such image (images found: {string.Join(", ", discovery.Images.Select(i => i.Reference))})");

        var local = await LocalImageSources.ScanAsync(request.OciLayouts, request.DockerArchives, ct).ConfigureAwait(false);
        var images = new List<PlannedImage>();
        var byRewritten = new Dictionary<string, PlannedImage>(StringComparer.Ordinal);
        foreach (var found in discovery.Images.OrderBy(i => i.Reference.ToString(), StringComparer.Ordinal))
        {
            var source = overrides.Apply(found.Reference);
            var rewritten = ToClusterRegistry(source, request.ClusterRegistry);
            var origin = local.OriginOf(source) ?? $"registry {source.Registry}";
            var planned = new PlannedImage(found.Reference, source, rewritten, origin, found.Sources);
            if (byRewritten.TryGetValue(rewritten.ToString(), out var other) && other.Source.ToString() != source.ToString())
                throw new GravityException($"images {other.Source} and {source} would both be {rewritten} in the cluster registry; rename one with --set-image");
            byRewritten[rewritten.ToString()] = planned;
            images.Add(planned);
        }

        var rawResources = ResourceFiles.Enumerate(buildDir, request.Globs.Count > 0 ? request.Globs : null, request.Ignore, manifestPath).ToHashSet(StringComparer.Ordinal);
        var resources = ResourceFiles.EnumerateAll(buildDir, request.Ignore)
            .Where(p => !LeftOut(p))
            .Order(StringComparer.Ordinal)
            .Select(p => new PlannedResource(p, rawResources.Contains(p)))
            .ToList();

        var plan = new BuildPlan
        {
            Name = name, Version = version, ManifestPath = manifestPath, OutputPath = output,
            GravityBinary = GravityBinaryLocator.TryFind(request.GravityBinary),
            Images = images, Resources = resources, Inlined = loaded.Inlined, Charts = discovery.Charts, Warnings = warnings,
        };
        return new Inputs(plan, manifest, loaded.FinalYaml ?? throw new GravityException($"{manifestPath}: no final manifest produced"),
            buildDir, local, resources.Where(r => r.Rewritten).Select(r => r.Path).ToHashSet(StringComparer.Ordinal));
    }

    public static ImageReference ToClusterRegistry(ImageReference reference, string clusterRegistry) => reference.WithRegistry(clusterRegistry);

    private static string ResolveManifestPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            foreach (var candidate in new[] { "app.yaml", "app.yml" })
                if (File.Exists(Path.Combine(full, candidate))) return Path.Combine(full, candidate);
            throw new GravityException($"{path}: no app.yaml in this folder");
        }
        if (!File.Exists(full)) throw new GravityException($"{path}: no such file");
        return full;
    }

    /// <summary>Dot files (.gitignore, .helmignore...) are tooling, not application resources.</summary>
    private static bool IsHidden(string relativePath) => relativePath.Split('/').Any(s => s.StartsWith('.'));

    /// <summary>Files that must not ship as resources: the output (and its temporary files), local image sources, the cache.</summary>
    private static Func<string, bool> Excluded(BuildRequest request, string output)
    {
        var outputName = Path.GetFileName(output);
        var files = request.DockerArchives.Select(Path.GetFullPath).Append(output).ToHashSet(StringComparer.Ordinal);
        var dirs = request.OciLayouts.Append(request.StateDir).Select(d => Path.GetFullPath(d).TrimEnd('/') + "/").ToList();
        return path =>
        {
            var full = Path.GetFullPath(path);
            if (files.Contains(full)) return true;
            var fileName = Path.GetFileName(full);
            if (Path.GetDirectoryName(full) == Path.GetDirectoryName(output) && fileName.StartsWith($".{outputName}.", StringComparison.Ordinal) && fileName.EndsWith(".tmp", StringComparison.Ordinal))
                return true;
            return dirs.Any(d => full.StartsWith(d, StringComparison.Ordinal));
        };
    }
}
