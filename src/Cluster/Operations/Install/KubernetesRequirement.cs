using Gravity.Packaging.RuntimePackages;
using Gravity.Manifest;
using Gravity.Preflight;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// Whether the application needs Kubernetes, which this runtime may lack: its resources (other than ImageSets) and its
/// install hooks are applied through a Kubernetes API server, which only a runtime package with a Kubernetes control
/// plane brings (<see cref="InstallConfig.RuntimeHasKubernetes"/>). /checks refuses such an install before anything
/// starts (so does the installer, before it records anything), `gravity check` shows it, and /app keeps the same rule
/// as a last guard, by the node's admin kubeconfig.
/// </summary>
public static class KubernetesRequirement
{
    public const string CheckName = "kubernetes";
    public static readonly IReadOnlyList<string> InstallHooks = ["install", "postInstall"];

    /// <summary>What needs Kubernetes, in words ("2 Kubernetes resource file(s) (a.yaml, b.yaml)", "Helm chart(s) charts/web", "install hook(s) install"); empty when nothing does.</summary>
    public static IReadOnlyList<string> NeededBy(string imageDir, IReadOnlyList<string> resources, AppManifest manifest)
    {
        // ImageSets only list images for tele: they are not applied, so they need no Kubernetes.
        var applied = resources.Where(r => !ImageSetOnlyResources.IsImageSetsOnly(imageDir, r)).ToList();
        // A chart is installed as a whole: name it once, not by each of its files (Chart.yaml is not a resource).
        var charts = applied.Where(r => Path.GetFileName(r) == "Chart.yaml").Select(r => Path.GetDirectoryName(r)!).ToList();
        bool InChart(string r) => charts.Any(c => c.Length == 0 || r.StartsWith(c + "/", StringComparison.Ordinal));
        var files = applied.Where(r => !InChart(r)).ToList();
        var hooks = InstallHooks.Where(h => manifest.FindHook(h) is not null).ToList();
        var what = new List<string>();
        if (files.Count > 0) what.Add($"{files.Count} Kubernetes resource file(s) ({string.Join(", ", files.Take(3))}{(files.Count > 3 ? ", ..." : "")})");
        if (charts.Count > 0) what.Add($"Helm chart(s) {string.Join(", ", charts.Select(c => c.Length == 0 ? "." : c))}");
        if (hooks.Count > 0) what.Add($"install hook(s) {string.Join(", ", hooks)}");
        return what;
    }

    public static IReadOnlyList<string> NeededBy(UnpackedClusterImage image) => NeededBy(image.Dir, image.Head.Resources, image.Manifest);

    /// <summary>
    /// Whether the runtime package of <paramref name="profile"/> (the head's runtimePackages) carries what runs
    /// Kubernetes on the node: kube-apiserver and kubelet. A profile without a package runs the host's etcd and
    /// containerd only, so it has no Kubernetes.
    /// </summary>
    public static async Task<bool> RuntimeHasKubernetesAsync(UnpackedClusterImage image, string profile, CancellationToken ct = default)
    {
        if (!image.Head.RuntimePackages.TryGetValue(profile, out var package)) return false;
        var runtime = (await RuntimePackageImage.LoadAsync(image.OpenContent(), package.Digest, ct)).Runtime;
        return runtime.Carries("kube-apiserver") && runtime.Carries("kubelet");
    }

    /// <summary>Why the application cannot be installed by this runtime, or null when it can.</summary>
    public static string? Missing(string appName, string appVersion, IReadOnlyList<string> neededBy, bool runtimeHasKubernetes)
        => neededBy.Count == 0 || runtimeHasKubernetes ? null
            : $"the application {appName}:{appVersion} needs Kubernetes for its {string.Join(" and ", neededBy)}, and this runtime has " +
              "no Kubernetes API server (the runtime package of this node's profile carries no kube-apiserver and kubelet)";

    /// <summary>The row `gravity check` prints.</summary>
    public static CheckResult Check(string appName, string appVersion, IReadOnlyList<string> neededBy, bool runtimeHasKubernetes)
        => Missing(appName, appVersion, neededBy, runtimeHasKubernetes) is { } missing
            ? CheckResult.Fail(CheckName, missing + ": ./install refuses it before starting anything")
            : CheckResult.Pass(CheckName, neededBy.Count == 0 ? "not needed: no Kubernetes resources and no install hooks" : "the runtime runs Kubernetes");
}
