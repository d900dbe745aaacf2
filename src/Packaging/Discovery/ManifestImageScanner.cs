namespace Gravity.Packaging.Discovery;

/// <summary>Images named by the manifest itself: base images and the containers of hook jobs.</summary>
internal static class ManifestImageScanner
{
    public static void Scan(ManifestImageInputs inputs, ManifestLocations locations, ImageCollector collector)
    {
        var manifest = locations.ManifestFile;
        if (!string.IsNullOrWhiteSpace(inputs.BaseImage))
            collector.Add(inputs.BaseImage, manifest, locations.BaseImageLine, 0, "baseImage");
        if (!string.IsNullOrWhiteSpace(inputs.SystemBaseImage))
            collector.Add(inputs.SystemBaseImage, manifest, locations.SystemBaseImageLine, 0, "systemOptions.baseImage");

        for (var i = 0; i < inputs.ProfileBaseImages.Count; i++)
            if (inputs.ProfileBaseImages[i] is { } image && !string.IsNullOrWhiteSpace(image))
                collector.Add(image, manifest, locations.ProfileBaseImageLine(i), 0, $"nodeProfiles[{i}].systemOptions.baseImage");

        foreach (var (hook, job) in inputs.HookJobs)
        {
            if (string.IsNullOrWhiteSpace(job)) continue;
            var (file, lineOffset) = locations.HookJob(hook);
            ResourceScanner.Scan(job, file, lineOffset, $"hooks.{hook}.job ", collector);
        }
    }
}
