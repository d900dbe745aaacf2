using Gravity.Manifest.Validation;

namespace Gravity.Manifest.Parsing;

/// <summary>hooks: known names only, each {job: &lt;Kubernetes Job YAML&gt;}; the provisioning hooks come as a set of four.</summary>
internal static class HooksParser
{
    public static IReadOnlyDictionary<string, HookSpec> Parse(MappingReader? r)
    {
        var hooks = new Dictionary<string, HookSpec>(StringComparer.Ordinal);
        if (r is null) return hooks;
        foreach (var name in r.Keys.ToList())
        {
            if (!ManifestValues.HookNames.Contains(name, StringComparer.Ordinal)) continue; // reported as unknown below
            if (r.Object(name, required: true) is not { } hook) continue;
            var job = hook.Scalar("job", required: true);
            hook.RejectUnknown();
            if (job?.Value is not { } text) continue;
            if (!r.Context.IsUnresolved(job)) ContentChecks.HookJob(r.Context, job, hook.PathOf("job"));
            hooks[name] = new HookSpec { Job = text };
        }
        var provisioning = ManifestValues.ProvisioningHooks;
        var present = provisioning.Where(hooks.ContainsKey).ToList();
        if (present.Count is > 0 and < 4)
        {
            var missing = string.Join(", ", provisioning.Except(present));
            r.Context.Error(r.PathOf(present[0]), $"{string.Join(", ", provisioning)} must be set together: missing {missing}");
        }
        r.RejectUnknown($"unknown hook (known hooks: {string.Join(", ", ManifestValues.HookNames)})");
        return hooks;
    }
}
