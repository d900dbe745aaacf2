using Gravity.Core;
using Gravity.Preflight.Host;

namespace Gravity.Preflight.Checks;

/// <summary>
/// Free space for what the install writes under the state folder. Without it etcd cannot preallocate its log and
/// dies at start-up, and the install would only see a service that never answers.
/// </summary>
internal static class StateSpaceCheck
{
    public const string Name = "state-space";

    public static CheckResult Run(PreflightOptions options, StateSpaceRequirement need, MountTable mounts)
    {
        var folder = VolumeCheck.NearestExisting(options.StateDir);
        var on = mounts.Find(folder)?.MountPoint ?? folder;
        var free = new DriveInfo(on).AvailableFreeSpace;
        var figures = $"{free} bytes free ({ByteSize.Format(free)}) on {on}";
        return free < need.Bytes
            ? CheckResult.Fail(Name, $"{options.StateDir}: {figures}, the install needs {need.Bytes} bytes ({ByteSize.Format(need.Bytes)}: {need.Purpose}); free some space or choose another --state-dir")
            : CheckResult.Pass(Name, $"{options.StateDir}: {figures}, the install needs {ByteSize.Format(need.Bytes)}");
    }
}
