using Gravity.Manifest.Validation;

namespace Gravity.Manifest.Parsing;

/// <summary>systemOptions, global or per node profile (where baseImage names a custom runtime image).</summary>
internal static class SystemOptionsParser
{
    public static SystemOptions? Parse(MappingReader? r)
    {
        if (r is null) return null;
        var baseImage = r.String("baseImage");
        if (baseImage is not null && !Formats.IsImageWithSemVerTag(baseImage, out var error))
            r.Context.Error(r.PathOf("baseImage"), error!);
        var spec = new SystemOptions
        {
            BaseImage = baseImage,
            AllowPrivileged = r.Bool("allowPrivileged") ?? false,
            Args = r.StringList("args"),
            Runtime = Runtime(r.Object("runtime")),
            Docker = Docker(r.Object("docker")),
            Etcd = Component(r.Object("etcd")),
            Kubelet = Kubelet(r.Object("kubelet")),
        };
        r.RejectUnknown();
        return spec;
    }

    private static RuntimeSpec? Runtime(MappingReader? r)
    {
        if (r is null) return null;
        var version = r.String("version");
        if (version is not null && !Formats.IsSemVer(version))
            r.Context.Error(r.PathOf("version"), $"\"{version}\" is not a SemVer 2.0 version");
        var spec = new RuntimeSpec { Name = r.String("name"), Version = version };
        r.RejectUnknown();
        return spec;
    }

    private static DockerOptions? Docker(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new DockerOptions
        {
            StorageDriver = r.Enum("storageDriver", ManifestValues.StorageDrivers),
            Args = r.StringList("args"),
        };
        r.RejectUnknown();
        return spec;
    }

    private static ComponentOptions? Component(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new ComponentOptions { Args = r.StringList("args") };
        r.RejectUnknown();
        return spec;
    }

    private static KubeletOptions? Kubelet(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new KubeletOptions { Args = r.StringList("args"), HairpinMode = r.Enum("hairpinMode", ManifestValues.HairpinModes) };
        r.RejectUnknown();
        return spec;
    }
}
