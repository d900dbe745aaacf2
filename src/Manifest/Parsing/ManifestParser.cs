using Gravity.Manifest.Validation;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>Builds the typed manifest from the YAML node tree, reporting every problem into the context.</summary>
internal static class ManifestParser
{
    public static AppManifest? Parse(ParseContext ctx, YamlNode root)
    {
        if (MappingReader.Open(ctx, root, "") is not { } r) return null;
        var apiVersion = r.Enum("apiVersion", ManifestValues.ApiVersions, required: true);
        var kind = r.Enum("kind", ManifestValues.Kinds, required: true);
        var metadata = MetadataParser.Parse(r.Object("metadata", required: true));

        var logo = r.Scalar("logo");
        if (logo is not null) ContentChecks.Logo(ctx, logo, "logo");
        var webConfig = r.Scalar("webConfig");
        if (webConfig is not null) ContentChecks.WebConfig(ctx, webConfig, "webConfig");
        var baseImage = r.String("baseImage");
        if (baseImage is not null && !Formats.IsImageWithSemVerTag(baseImage, out var imageError))
            ctx.Error("baseImage", imageError!);

        var endpoints = Endpoints(r);
        var profiles = Profiles(r);
        var profileNames = profiles.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var installer = InstallerParser.Parse(r.Object("installer"), profileNames, endpoints.Select(e => e.Name).ToHashSet(StringComparer.Ordinal));
        if (profiles.Count > 0 && installer.Flavors.Items.Count == 0)
            ctx.Error("installer.flavors.items", "node profiles are defined, so at least one flavor is required");

        var manifest = new AppManifest
        {
            ApiVersion = apiVersion ?? "",
            Kind = kind ?? "",
            Metadata = metadata ?? new ManifestMetadata { Name = "", ResourceVersion = "" },
            ReleaseNotes = r.String("releaseNotes"),
            Logo = logo?.Value,
            BaseImage = baseImage,
            Endpoints = endpoints,
            Providers = ProvidersParser.Parse(r.Object("providers")),
            Installer = installer,
            NodeProfiles = profiles,
            License = ExtensionsParser.License(r.Object("license")),
            SystemOptions = SystemOptionsParser.Parse(r.Object("systemOptions")),
            Dependencies = ExtensionsParser.Dependencies(r.Object("dependencies")),
            Extensions = ExtensionsParser.Parse(r.Object("extensions")),
            Ingress = r.FreeFormMap("ingress"),
            Storage = r.FreeFormMap("storage"),
            WebConfig = webConfig?.Value,
            Hooks = HooksParser.Parse(r.Object("hooks")),
        };
        r.RejectUnknown();
        return ImpliedDefaults.Apply(manifest);
    }

    private static List<Endpoint> Endpoints(MappingReader r)
    {
        var endpoints = new List<Endpoint>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, path) in r.Sequence("endpoints"))
        {
            if (EndpointParser.Parse(r.Context, node, path) is not { } endpoint) continue;
            if (endpoint.Name.Length > 0 && !names.Add(endpoint.Name))
                r.Context.Error(FieldPath.Field(path, "name"), $"another endpoint is already named \"{endpoint.Name}\"");
            endpoints.Add(endpoint);
        }
        return endpoints;
    }

    private static List<NodeProfile> Profiles(MappingReader r)
    {
        var profiles = new List<NodeProfile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, path) in r.Sequence("nodeProfiles"))
        {
            if (NodeProfileParser.Parse(r.Context, node, path) is not { } profile) continue;
            if (profile.Name.Length > 0 && !names.Add(profile.Name))
                r.Context.Error(FieldPath.Field(path, "name"), $"another node profile is already named \"{profile.Name}\"");
            profiles.Add(profile);
        }
        return profiles;
    }
}
