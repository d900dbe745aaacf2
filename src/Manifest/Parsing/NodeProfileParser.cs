using Gravity.Manifest.Validation;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

internal static class NodeProfileParser
{
    public static NodeProfile? Parse(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var labels = r.StringMap("labels") ?? new Dictionary<string, string>();
        var profile = new NodeProfile
        {
            Name = r.String("name", required: true) ?? "",
            Description = r.String("description"),
            Labels = labels,
            Taints = [.. r.Sequence("taints").Select(i => Taint(ctx, i.Node, i.Path)).OfType<Taint>()],
            Requirements = RequirementsParser.Parse(r.Object("requirements")),
            ExpandPolicy = r.Enum("expandPolicy", ManifestValues.ExpandPolicies),
            ServiceRole = ServiceRole(r, labels),
            Providers = Providers(r.Object("providers")),
            SystemOptions = SystemOptionsParser.Parse(r.Object("systemOptions")),
        };
        r.RejectUnknown();
        return profile;
    }

    /// <summary>As written; else "master" or "node" from the node-role labels; else null (the installer decides).</summary>
    private static string? ServiceRole(MappingReader r, IReadOnlyDictionary<string, string> labels)
    {
        var written = r.Enum("serviceRole", ManifestValues.ServiceRoles);
        var master = labels.TryGetValue(ManifestValues.MasterRoleLabel, out var m) && m == "true";
        var node = labels.TryGetValue(ManifestValues.NodeRoleLabel, out var n) && n == "true";
        var labelsPath = r.PathOf("labels");
        if (master && node)
        {
            r.Context.Error(labelsPath, $"labels {ManifestValues.MasterRoleLabel} and {ManifestValues.NodeRoleLabel} cannot both be \"true\"");
            return written;
        }
        var derived = master ? "master" : node ? "node" : null;
        if (written is not null && derived is not null && written != derived)
            r.Context.Error(r.PathOf("serviceRole"), $"\"{written}\" contradicts the label that makes this profile a {derived}");
        return written ?? derived;
    }

    private static Taint? Taint(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var taint = new Taint
        {
            Key = r.String("key", required: true) ?? "",
            Value = r.String("value"),
            Effect = r.Enum("effect", ManifestValues.TaintEffects, required: true) ?? "",
        };
        r.RejectUnknown();
        return taint;
    }

    private static NodeProfileProviders? Providers(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new NodeProfileProviders
        {
            Aws = Provider(r.Object("aws")),
            Gce = Provider(r.Object("gce")),
            Azure = Provider(r.Object("azure")),
        };
        r.RejectUnknown();
        return spec;
    }

    private static ProfileProvider? Provider(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new ProfileProvider { InstanceTypes = r.StringList("instanceTypes") };
        r.RejectUnknown();
        return spec;
    }
}
