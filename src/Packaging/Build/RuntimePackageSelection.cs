using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;
using Gravity.Packaging.RuntimePackages;

namespace Gravity.Packaging.Build;

/// <summary>
/// Which image is each node profile's runtime package (its own <c>systemOptions.baseImage</c>, else the global
/// <c>systemOptions.baseImage</c>, else <c>baseImage</c>), checked to be one once fetched: the head records the choice
/// so install and join never guess. A refusal names the manifest file, line and field.
/// </summary>
internal static class RuntimePackageSelection
{
    public static async Task<SortedDictionary<string, HeadRuntimePackage>> CheckAsync(BuildPlanner.Inputs inputs,
        IReadOnlyDictionary<string, FetchedImage> fetched, ContentStore store, CancellationToken ct)
    {
        var manifest = inputs.Manifest;
        var chosen = new SortedDictionary<string, HeadRuntimePackage>(StringComparer.Ordinal);
        var loaded = new Dictionary<string, RuntimePackageImage>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.NodeProfiles.Count; i++)
        {
            var profile = manifest.NodeProfiles[i];
            var field = profile.SystemOptions?.BaseImage is { Length: > 0 } ? $"nodeProfiles[{i}].systemOptions.baseImage"
                : manifest.SystemOptions?.BaseImage is { Length: > 0 } ? "systemOptions.baseImage"
                : manifest.BaseImage is { Length: > 0 } ? "baseImage"
                : null;
            if (field is null) continue;
            var planned = inputs.Plan.Images.FirstOrDefault(image => image.FoundIn.Any(s => s.Origin == field))
                ?? throw new GravityException($"{inputs.Plan.ManifestPath}: {field}: the image it names was not found among the application's images");
            var at = planned.FoundIn.First(s => s.Origin == field);
            var where = $"{at.File}:{at.Line}: {field}";
            var image = fetched[planned.Source.ToString()];
            if (!loaded.TryGetValue(planned.Source.ToString(), out var package))
            {
                try
                {
                    package = await RuntimePackageImage.LoadAsync(store, image.Root.Digest, ct).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    throw new GravityException($"{where}: {planned.Reference} is not a runtime package: {ex.Message} (see docs/runtime.md, \"The runtime package\")", ex);
                }
                loaded[planned.Source.ToString()] = package;
            }
            var wanted = manifest.SystemOptionsFor(profile).Runtime?.Version;
            if (wanted is { Length: > 0 } && wanted.TrimStart('v') != package.Runtime.KubernetesVersion)
            {
                var versionField = profile.SystemOptions?.Runtime?.Version is { Length: > 0 } ? $"nodeProfiles[{i}].systemOptions.runtime.version" : "systemOptions.runtime.version";
                throw new GravityException($"{at.File}: {versionField} asks for Kubernetes {wanted}, but {planned.Reference} ({where}) carries {package.Runtime.KubernetesVersion}");
            }
            chosen[profile.Name] = new HeadRuntimePackage
            {
                Reference = planned.Reference.ToString(), Digest = image.Root.Digest, KubernetesVersion = package.Runtime.KubernetesVersion,
            };
        }
        return chosen;
    }
}
