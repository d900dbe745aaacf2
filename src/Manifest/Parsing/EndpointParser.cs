using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

internal static class EndpointParser
{
    public static Endpoint? Parse(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var endpoint = new Endpoint
        {
            Name = r.String("name", required: true) ?? "",
            Description = r.String("description"),
            Selector = r.StringMap("selector"),
            ServiceName = r.String("serviceName"),
            Namespace = r.String("namespace") ?? "default",
            Port = r.Int("port", min: 1, max: 65535),
            Protocol = r.Enum("protocol", ManifestValues.EndpointProtocols),
            Hidden = r.Bool("hidden") ?? false,
        };
        if (endpoint.Selector is not { Count: > 0 } && string.IsNullOrEmpty(endpoint.ServiceName))
            ctx.Error(node, path, "an endpoint needs a selector or a serviceName");
        r.RejectUnknown();
        return endpoint;
    }
}
