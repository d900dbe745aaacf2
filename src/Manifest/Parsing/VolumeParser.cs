using Gravity.Manifest.Validation;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>requirements.volumes: a mount when targetPath is set, else a requirement on a host path.</summary>
internal static class VolumeParser
{
    public static IReadOnlyList<Volume> ParseAll(MappingReader requirements)
    {
        var volumes = new List<Volume>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, path) in requirements.Sequence("volumes"))
        {
            if (Parse(requirements.Context, node, path) is not { } volume) continue;
            if (volume.Name is { Length: > 0 } name && !names.Add(name))
                requirements.Context.Error(FieldPath.Field(path, "name"), $"another volume is already named \"{name}\"");
            volumes.Add(volume);
        }
        return volumes;
    }

    private static Volume? Parse(ParseContext ctx, YamlNode node, string itemPath)
    {
        if (MappingReader.Open(ctx, node, itemPath) is not { } r) return null;
        var path = r.String("path", required: true);
        if (path is not null && !path.StartsWith('/'))
            ctx.Error(r.PathOf("path"), $"\"{path}\" is not an absolute path");
        var targetPath = r.String("targetPath");
        if (targetPath is not null && !targetPath.StartsWith('/'))
            ctx.Error(r.PathOf("targetPath"), $"\"{targetPath}\" is not an absolute path");
        var skipIfMissing = r.Bool("skipIfMissing") ?? false;
        var volume = new Volume
        {
            Name = r.String("name"),
            Path = path ?? "",
            TargetPath = targetPath,
            Capacity = RequirementsParser.Size(r, "capacity"),
            Filesystems = r.StringList("filesystems"),
            MinTransferRate = RequirementsParser.Rate(r, "minTransferRate"),
            // skipIfMissing makes the installer ignore createIfMissing.
            CreateIfMissing = (r.Bool("createIfMissing") ?? true) && !skipIfMissing,
            SkipIfMissing = skipIfMissing,
            Uid = r.Int("uid", min: 0),
            Gid = r.Int("gid", min: 0),
            Mode = Octal(r, "mode"),
            Recursive = r.Bool("recursive") ?? false,
            Hidden = r.Bool("hidden") ?? false,
            SeLinuxLabel = r.String("seLinuxLabel"),
        };
        if (targetPath is null && path is not null && Formats.IsPattern(path))
            ctx.Error(r.PathOf("targetPath"), $"path \"{path}\" is a pattern, so targetPath is required");
        if (targetPath is null && skipIfMissing)
            ctx.Error(r.PathOf("skipIfMissing"), "skipIfMissing applies to mounts only: set targetPath");
        r.RejectUnknown();
        return volume;
    }

    public static int? Octal(MappingReader r, string key)
    {
        var text = r.String(key);
        if (text is null) return null;
        if (Formats.TryParseOctalMode(text, out var mode)) return mode;
        r.Context.Error(r.PathOf(key), $"\"{text}\" is not an octal file mode (such as \"0755\"; quote it)");
        return null;
    }
}
