using Gravity.Manifest.Validation;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// The fields of a parsed head that tools rely on, each present and well-formed: JSON null or a missing list would
/// otherwise surface later as a crash far from its cause. Every refusal names the field (e.g. <c>entries[3].digest</c>).
/// </summary>
internal static class ClusterImageHeadValidator
{
    public static void Validate(ClusterImageHead head)
    {
        Require(head.Name is { Length: > 0 }, "name", "is missing");
        Require(Formats.IsValidName(head.Name), "name", $"'{head.Name}' is not an application name (letters, digits, '_' and '-')");
        Require(head.Version is { Length: > 0 }, "version", "is missing");
        Require(Formats.IsSemVer(head.Version), "version", $"'{head.Version}' is not a semantic version");
        Require(head.Registry is not null, "registry", "is null");
        Require(head.Rewrites is not null, "rewrites", "is missing or null");
        Require(head.Resources is not null, "resources", "is missing or null");
        for (var i = 0; i < head.Resources!.Count; i++)
            Require(head.Resources[i] is { Length: > 0 }, $"resources[{i}]", "is empty or null");
        Require(head.Images is not null, "images", "is missing or null");
        for (var i = 0; i < head.Images!.Count; i++) ValidateImage(head.Images[i], $"images[{i}]");
        ValidateRuntimePackages(head);
        Require(head.Entries is not null, "entries", "is missing or null");
        Require(head.Entries!.Count > 0, "entries", "lists no files (every cluster image has at least app.yaml)");
        for (var i = 0; i < head.Entries.Count; i++) ValidateEntry(head.Entries[i], $"entries[{i}]");
    }

    private static void ValidateImage(HeadImage? image, string field)
    {
        Require(image is not null, field, "is null");
        Require(image!.Reference is { Length: > 0 }, $"{field}.reference", "is missing");
        Require(image.Rewritten is not null, $"{field}.rewritten", "is null");
        Require(!image.Digest.IsDefault, $"{field}.digest", "is missing");
        Require(image.MediaType is { Length: > 0 }, $"{field}.mediaType", "is missing");
        Require(image.Size >= 0, $"{field}.size", "is negative");
        Require(image.Platforms is not null && image.Platforms.All(p => p is not null), $"{field}.platforms", "is null or holds null");
        Require(image.Sources is not null && image.Sources.All(s => s is not null), $"{field}.sources", "is null or holds null");
    }

    private static void ValidateRuntimePackages(ClusterImageHead head)
    {
        Require(head.RuntimePackages is not null, "runtimePackages", "is missing or null");
        foreach (var (profile, package) in head.RuntimePackages!)
        {
            var field = $"runtimePackages.{profile}";
            Require(profile is { Length: > 0 and <= 253 }, "runtimePackages", "names an empty or overlong profile");
            Require(package is not null, field, "is null");
            Require(package!.Reference is { Length: > 0 }, $"{field}.reference", "is missing");
            Require(!package.Digest.IsDefault, $"{field}.digest", "is missing");
            Require(package.KubernetesVersion is { Length: > 0 } && Formats.IsSemVer(package.KubernetesVersion), $"{field}.kubernetesVersion", "is missing or not a semantic version");
            var image = head.Images.FirstOrDefault(i => i is not null && i.Reference == package.Reference);
            Require(image is not null, $"{field}.reference", $"'{package.Reference}' is none of the images");
            Require(image!.Digest == package.Digest, $"{field}.digest", $"is not the digest of image {package.Reference} ({image.Digest})");
        }
    }

    private static void ValidateEntry(HeadEntry? entry, string field)
    {
        Require(entry is not null, field, "is null");
        Require(entry!.Name is { Length: > 0 }, $"{field}.name", "is missing");
        Require(ArchivePath.IsSafe(entry.Name, out var reason), $"{field}.name", $"'{entry.Name}' is unsafe: {reason}");
        Require(entry.Mode is not null, $"{field}.mode", "is null");
        try { FileModes.ParseOctal(entry.Mode!); }
        catch (FormatException ex) { Require(false, $"{field}.mode", ex.Message); }
        Require(entry.Size >= 0, $"{field}.size", "is negative");
        Require(!entry.Digest.IsDefault, $"{field}.digest", "is missing");
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition) throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: {field} {problem}");
    }
}
