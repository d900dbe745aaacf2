using System.Text.Json;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using NuGet.Versioning;

namespace Gravity.Cluster.State;

/// <summary>
/// A version of the cluster's application imported by `gravity upload`: its folder (head.json, app.yaml, resources,
/// the gravity binary of its image) is in <see cref="Nodes.StateFolder.AppDir"/> of every master named in
/// <see cref="Masters"/>, and its container images and runtime packages are in their registries.
/// </summary>
/// <param name="HeadDigest">The sha256 of the image's head.json: which image this version was uploaded from.</param>
/// <param name="Masters">The masters that hold the version's folder and images (upgrade phases fetch it from one of them).</param>
public sealed record UploadedApplication(string Name, string Version, DateTimeOffset Uploaded, string UploadedBy, string HeadDigest,
    IReadOnlyList<string> Masters);

/// <summary>
/// Which versions of the application the cluster holds for an upgrade, in etcd under <see cref="Prefix"/>. Written by
/// upload once every master has the version (so a record means it is complete), read by `gravity upgrade`.
/// </summary>
public sealed class UploadedApplicationStore(IClusterStore etcd)
{
    public const string Prefix = "/gravity/cluster/uploads/";

    public static string KeyOf(string name, string version) => $"{Prefix}{name}/{version}";

    public Task<long> PutAsync(UploadedApplication app, CancellationToken ct = default)
        => etcd.PutAsync(KeyOf(app.Name, app.Version), JsonSerializer.Serialize(app, PlanJson.Options), ct);

    public async Task<UploadedApplication?> GetAsync(string name, string version, CancellationToken ct = default)
    {
        var kv = await etcd.GetAsync(KeyOf(name, version), ct);
        return kv is null ? null : JsonSerializer.Deserialize<UploadedApplication>(kv.Value, PlanJson.Options);
    }

    public Task<long> RemoveAsync(string name, string version, CancellationToken ct = default) => etcd.DeleteAsync(KeyOf(name, version), ct);

    /// <summary>Every uploaded version of <paramref name="name"/>, lowest first by semantic version (unparsable versions first, by text).</summary>
    public async Task<IReadOnlyList<UploadedApplication>> ListAsync(string name, CancellationToken ct = default)
    {
        var kvs = await etcd.GetPrefixAsync($"{Prefix}{name}/", ct);
        return kvs.Select(kv => JsonSerializer.Deserialize<UploadedApplication>(kv.Value, PlanJson.Options)!)
            .OrderBy(a => SemanticVersion.TryParse(a.Version, out var v) ? v : null)
            .ThenBy(a => a.Version, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The highest uploaded version of <paramref name="name"/>, or null when none was uploaded.</summary>
    public async Task<UploadedApplication?> LatestAsync(string name, CancellationToken ct = default)
        => (await ListAsync(name, ct)).LastOrDefault();
}
