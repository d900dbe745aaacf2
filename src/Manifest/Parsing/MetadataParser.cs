using Gravity.Manifest.Validation;

namespace Gravity.Manifest.Parsing;

internal static class MetadataParser
{
    public static ManifestMetadata? Parse(MappingReader? r)
    {
        if (r is null) return null;
        var name = r.String("name", required: true);
        if (name is not null && !Formats.IsValidName(name))
            r.Context.Error(r.PathOf("name"), $"\"{name}\" may only hold letters, digits, '_' and '-'");
        var version = r.String("resourceVersion", required: true);
        if (version is not null && !Formats.IsSemVer(version))
            r.Context.Error(r.PathOf("resourceVersion"), $"\"{version}\" is not a SemVer 2.0 version (for example 1.2.3 or 0.0.1-alpha.1)");
        var metadata = new ManifestMetadata
        {
            Name = name ?? "",
            ResourceVersion = version ?? "",
            Description = r.String("description"),
            Author = r.String("author"),
            Namespace = r.String("namespace") ?? "default",
            Repository = r.String("repository") ?? "gravitational.io",
            Labels = r.StringMap("labels") ?? new Dictionary<string, string>(),
            Hidden = r.Bool("hidden") ?? false,
        };
        r.RejectUnknown();
        return metadata;
    }
}
