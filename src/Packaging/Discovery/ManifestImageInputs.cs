using Gravity.Manifest;

namespace Gravity.Packaging.Discovery;

/// <summary>The parts of an application manifest that name images (hook job texts are already inlined).</summary>
internal sealed record ManifestImageInputs(
    string? BaseImage,
    string? SystemBaseImage,
    IReadOnlyList<string?> ProfileBaseImages,
    IReadOnlyList<KeyValuePair<string, string>> HookJobs)
{
    public static ManifestImageInputs From(AppManifest manifest, bool includeBaseImages) => new(
        includeBaseImages ? manifest.BaseImage : null,
        includeBaseImages ? manifest.SystemOptions?.BaseImage : null,
        includeBaseImages ? manifest.NodeProfiles.Select(p => p.SystemOptions?.BaseImage).ToList() : [],
        manifest.Hooks.Select(h => KeyValuePair.Create(h.Key, h.Value.Job)).ToList());
}
