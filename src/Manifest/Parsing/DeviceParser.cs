using Gravity.Manifest.Validation;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

internal static class DeviceParser
{
    public static Device? Parse(ParseContext ctx, YamlNode node, string path)
    {
        if (MappingReader.Open(ctx, node, path) is not { } r) return null;
        var permissions = r.String("permissions") ?? "rw";
        if (!Formats.IsValidDevicePermissions(permissions))
            ctx.Error(r.PathOf("permissions"), $"\"{permissions}\" is not a combination of r, w and m (each at most once)");
        var device = new Device
        {
            Path = r.String("path", required: true) ?? "",
            Permissions = permissions,
            FileMode = VolumeParser.Octal(r, "fileMode") ?? Convert.ToInt32("666", 8),
            Uid = r.Int("uid", min: 0) ?? 0,
            Gid = r.Int("gid", min: 0) ?? 0,
        };
        if (device.Path.Length > 0 && !device.Path.StartsWith('/'))
            ctx.Error(r.PathOf("path"), $"\"{device.Path}\" is not an absolute path");
        r.RejectUnknown();
        return device;
    }
}
