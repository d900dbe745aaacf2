namespace Gravity.Manifest;

/// <summary>Per-profile systemOptions override the global ones field by field; what neither sets gets its default.</summary>
internal static class SystemOptionsMerge
{
    public static SystemOptions Merge(SystemOptions? global, SystemOptions? profile)
    {
        global ??= new SystemOptions();
        profile ??= new SystemOptions();
        return new SystemOptions
        {
            BaseImage = profile.BaseImage ?? global.BaseImage,
            AllowPrivileged = global.AllowPrivileged || profile.AllowPrivileged,
            Args = Pick(profile.Args, global.Args),
            Runtime = profile.Runtime is null ? global.Runtime
                : new RuntimeSpec { Name = profile.Runtime.Name ?? global.Runtime?.Name, Version = profile.Runtime.Version ?? global.Runtime?.Version },
            Docker = new DockerOptions
            {
                StorageDriver = profile.Docker?.StorageDriver ?? global.Docker?.StorageDriver ?? DockerOptions.DefaultStorageDriver,
                Args = Pick(profile.Docker?.Args, global.Docker?.Args),
            },
            Etcd = new ComponentOptions { Args = Pick(profile.Etcd?.Args, global.Etcd?.Args) },
            Kubelet = new KubeletOptions
            {
                Args = Pick(profile.Kubelet?.Args, global.Kubelet?.Args),
                HairpinMode = profile.Kubelet?.HairpinMode ?? global.Kubelet?.HairpinMode,
            },
        };
    }

    private static IReadOnlyList<string> Pick(IReadOnlyList<string>? profile, IReadOnlyList<string>? global) =>
        profile is { Count: > 0 } ? profile : global ?? [];
}
