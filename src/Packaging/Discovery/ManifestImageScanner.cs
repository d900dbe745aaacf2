namespace Gravity.Packaging.Discovery;

/// <summary>Images named by the manifest itself: base images and the containers of hook jobs.</summary>
internal static class ManifestImageScanner
{
    public static void Scan(ManifestImageInputs inputs, ManifestLocations locations, ImageCollector collector)
    {
        var manifest = locations.ManifestFile;
        if (!string.IsNullOrWhiteSpace(inputs.BaseImage))
            Add(collector, inputs.BaseImage, manifest, locations.BaseImage, "baseImage");
        if (!string.IsNullOrWhiteSpace(inputs.SystemBaseImage))
            Add(collector, inputs.SystemBaseImage, manifest, locations.SystemBaseImage, "systemOptions.baseImage");

        for (var i = 0; i < inputs.ProfileBaseImages.Count; i++)
            if (inputs.ProfileBaseImages[i] is { } image && !string.IsNullOrWhiteSpace(image))
                Add(collector, image, manifest, locations.ProfileBaseImage(i), $"nodeProfiles[{i}].systemOptions.baseImage");

        foreach (var (hook, job) in inputs.HookJobs)
        {
            if (string.IsNullOrWhiteSpace(job)) continue;
            var (file, lineOffset, columnOffset) = locations.HookJob(hook);
            ResourceScanner.Scan(job, file, lineOffset, columnOffset, $"hooks.{hook}.job ", collector);
        }
    }

    private static void Add(ImageCollector collector, string reference, string file, (int Line, int Column) at, string origin)
        => collector.Add(reference, file, at.Line, at.Column, origin);
}
