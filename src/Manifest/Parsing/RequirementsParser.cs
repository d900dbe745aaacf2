using Gravity.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>nodeProfiles[].requirements: cpu, ram, os, volumes, devices, network, customChecks.</summary>
internal static class RequirementsParser
{
    public static Requirements Parse(MappingReader? r)
    {
        if (r is null) return new Requirements();
        var ctx = r.Context;
        var requirements = new Requirements
        {
            Cpu = Cpu(r.Object("cpu")),
            Ram = Ram(r.Object("ram")),
            Os = [.. r.Sequence("os").Select(i => Os(ctx, i.Node, i.Path)).OfType<OsRequirement>()],
            Volumes = VolumeParser.ParseAll(r),
            Devices = [.. r.Sequence("devices").Select(i => DeviceParser.Parse(ctx, i.Node, i.Path)).OfType<Device>()],
            Network = NetworkParser.Parse(r.Object("network")),
            CustomChecks = [.. r.Sequence("customChecks").Select(i => CustomCheck(ctx, i.Node, i.Path)).OfType<CustomCheck>()],
        };
        r.RejectUnknown();
        return requirements;
    }

    private static CpuRequirement? Cpu(MappingReader? r)
    {
        if (r is null) return null;
        var min = r.Int("min", min: 0);
        var max = r.Int("max", min: 0);
        if (min is not null && max is not null && max < min)
            r.Context.Error(r.PathOf("min"), $"min ({min}) is greater than max ({max})");
        r.RejectUnknown();
        return new CpuRequirement { Min = min ?? 0, Max = max };
    }

    private static RamRequirement? Ram(MappingReader? r)
    {
        if (r is null) return null;
        var min = Size(r, "min");
        var max = Size(r, "max");
        if (min is not null && max is not null && max < min)
            r.Context.Error(r.PathOf("min"), $"min ({ByteSize.Format(min.Value)}) is greater than max ({ByteSize.Format(max.Value)})");
        r.RejectUnknown();
        return new RamRequirement { Min = min ?? 0, Max = max };
    }

    /// <summary>A size such as "32GB" (units B, kB, MB, GB, TB), in bytes.</summary>
    public static long? Size(MappingReader r, string key)
    {
        var text = r.String(key);
        if (text is null) return null;
        if (ByteSize.TryParse(text, out var bytes) && bytes >= 0) return bytes;
        r.Context.Error(r.PathOf(key), $"\"{text}\" is not a size (a number with a unit B, kB, MB, GB or TB, such as \"32GB\")");
        return null;
    }

    /// <summary>A rate such as "50MB/s", in bytes per second.</summary>
    public static long? Rate(MappingReader r, string key)
    {
        var text = r.String(key);
        if (text is null) return null;
        if (ByteSize.TryParseRate(text, out var rate) && rate >= 0) return rate;
        r.Context.Error(r.PathOf(key), $"\"{text}\" is not a transfer rate (such as \"50MB/s\")");
        return null;
    }

    private static OsRequirement? Os(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var os = new OsRequirement { Name = r.String("name", required: true) ?? "", Versions = r.StringList("versions") };
        r.RejectUnknown();
        return os;
    }

    /// <summary>customChecks items are free-form: only description and script are read, other keys are allowed.</summary>
    private static CustomCheck? CustomCheck(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        return new CustomCheck { Description = r.String("description"), Script = r.String("script", required: true) ?? "" };
    }
}
