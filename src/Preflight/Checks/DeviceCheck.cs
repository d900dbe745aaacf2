using Gravity.Manifest;
using Gravity.Preflight.Host;

namespace Gravity.Preflight.Checks;

/// <summary>At least one device node on the host matches each device pattern of the profile.</summary>
internal static class DeviceCheck
{
    public static CheckResult Run(string profile, Device device)
    {
        var name = $"device:{device.Path}";
        var found = ShellGlob.Expand(device.Path);
        return found.Count == 0
            ? CheckResult.Fail(name, $"no device matches {device.Path} on this node; profile {profile} needs it (attach the device or load its driver)")
            : CheckResult.Pass(name, $"found {string.Join(", ", found.Take(8))}{(found.Count > 8 ? $" and {found.Count - 8} more" : "")}");
    }
}
