using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// The application a node runs, as its state folder keeps it (site/apps/NAME/VERSION/app.yaml, written by the install's
/// /unpack and the join's /pull): what `gravity start`, `stop`, `leave` and the agent's status hook run the hooks of.
/// </summary>
public sealed record InstalledApplication(string Name, string Version, AppManifest Manifest)
{
    /// <summary>The application, or null when the node keeps none (a node whose install stopped before /unpack).</summary>
    public static InstalledApplication? Find(StateFolder folder)
    {
        var apps = Path.Combine(folder.Site, "apps");
        if (!Directory.Exists(apps)) return null;
        // One application a cluster; of several versions (an upgrade in progress) the one unpacked last.
        var manifest = Directory.EnumerateDirectories(apps).SelectMany(Directory.EnumerateDirectories)
            .Select(dir => new FileInfo(Path.Combine(dir, ClusterImageLayout.AppManifest)))
            .Where(f => f.Exists)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .FirstOrDefault();
        if (manifest is null) return null;
        var version = manifest.Directory!;
        var parsed = ManifestLoader.Parse(File.ReadAllText(manifest.FullName), manifest.FullName).EnsureSuccess();
        return new InstalledApplication(version.Parent!.Name, version.Name, parsed);
    }
}
