using Gravity.Manifest.Validation;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>requirements.network: minTransferRate and ports.</summary>
internal static class NetworkParser
{
    public static NetworkRequirements? Parse(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new NetworkRequirements
        {
            MinTransferRate = RequirementsParser.Rate(r, "minTransferRate"),
            Ports = [.. r.Sequence("ports").Select(i => Ports(r.Context, i.Node, i.Path)).OfType<PortRequirement>()],
        };
        r.RejectUnknown();
        return spec;
    }

    private static PortRequirement? Ports(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var protocol = r.Enum("protocol", ManifestValues.Protocols) ?? "tcp";
        var texts = r.StringList("ranges", required: true);
        var ranges = new List<PortRange>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (Formats.TryParsePortRange(texts[i], out var range, out var error)) ranges.Add(range);
            else ctx.Error(FieldPath.Index(r.PathOf("ranges"), i), error!);
        }
        r.RejectUnknown();
        return new PortRequirement { Protocol = protocol, Ranges = ranges };
    }
}
