using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>installer: eula, flavors (checked against the node profiles) and setupEndpoints (checked against the endpoints).</summary>
internal static class InstallerParser
{
    public static InstallerSpec Parse(MappingReader? r, IReadOnlySet<string> profileNames, IReadOnlySet<string> endpointNames)
    {
        if (r is null) return new InstallerSpec();
        var spec = new InstallerSpec
        {
            Eula = Eula(r.Object("eula")),
            Flavors = Flavors(r.Object("flavors"), profileNames),
            SetupEndpoints = SetupEndpoints(r, endpointNames),
        };
        r.RejectUnknown();
        return spec;
    }

    private static IReadOnlyList<string> SetupEndpoints(MappingReader r, IReadOnlySet<string> endpointNames)
    {
        var names = r.StringList("setupEndpoints");
        if (names.Count > 1)
            r.Context.Error(FieldPath.Index(r.PathOf("setupEndpoints"), 1), "only one setup endpoint is supported");
        for (var i = 0; i < names.Count; i++)
        {
            if (!endpointNames.Contains(names[i]))
                r.Context.Error(FieldPath.Index(r.PathOf("setupEndpoints"), i), $"no endpoint is named \"{names[i]}\"");
        }
        return names;
    }

    private static EulaSpec? Eula(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new EulaSpec { Source = r.String("source", required: true) ?? "" };
        r.RejectUnknown();
        return spec;
    }

    private static FlavorsSpec Flavors(MappingReader? r, IReadOnlySet<string> profileNames)
    {
        if (r is null) return new FlavorsSpec();
        var items = new List<Flavor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, path) in r.Sequence("items"))
        {
            if (Flavor(r.Context, node, path, profileNames) is not { } flavor) continue;
            if (flavor.Name.Length > 0 && !seen.Add(flavor.Name))
                r.Context.Error(FieldPath.Field(path, "name"), $"another flavor is already named \"{flavor.Name}\"");
            items.Add(flavor);
        }
        var spec = new FlavorsSpec
        {
            Prompt = r.String("prompt"),
            Description = r.String("description"),
            Default = r.String("default"),
            Items = items,
        };
        if (spec.Default is { } name && !seen.Contains(name))
            r.Context.Error(r.PathOf("default"), $"no flavor is named \"{name}\"");
        r.RejectUnknown();
        return spec;
    }

    private static Flavor? Flavor(ParseContext ctx, YamlNode node, string path, IReadOnlySet<string> profileNames)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var nodes = new List<FlavorNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (itemNode, itemPath) in r.Sequence("nodes", required: true))
        {
            if (FlavorNode(ctx, itemNode, itemPath) is not { } flavorNode) continue;
            var profilePath = FieldPath.Field(itemPath, "profile");
            if (flavorNode.Profile.Length > 0 && !profileNames.Contains(flavorNode.Profile))
                ctx.Error(profilePath, $"no node profile is named \"{flavorNode.Profile}\"");
            else if (flavorNode.Profile.Length > 0 && !seen.Add(flavorNode.Profile))
                ctx.Error(profilePath, $"profile \"{flavorNode.Profile}\" is listed twice in this flavor");
            nodes.Add(flavorNode);
        }
        var flavor = new Flavor
        {
            Name = r.String("name", required: true) ?? "",
            Description = r.String("description"),
            Nodes = nodes,
        };
        r.RejectUnknown();
        return flavor;
    }

    private static FlavorNode? FlavorNode(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var flavorNode = new FlavorNode
        {
            Profile = r.String("profile", required: true) ?? "",
            Count = r.Int("count", required: true, min: 0) ?? 0,
        };
        r.RejectUnknown();
        return flavorNode;
    }
}
