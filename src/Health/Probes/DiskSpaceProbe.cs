using System.Globalization;
using Gravity.Core;

namespace Gravity.Health.Probes;

/// <summary>Usage of the file system that holds a folder: a warning from 80 %, failed from 90 % (thresholds adjustable).</summary>
public sealed class DiskSpaceProbe(string path, double warningRatio = 0.80, double criticalRatio = 0.90, Func<string, (long Total, long Free)>? measure = null) : IProbe
{
    public string Name => "disk-space";

    public Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        (long total, long free) = (measure ?? Measure)(path);
        if (total <= 0) return Task.FromResult(ProbeOutcome.Failed($"cannot determine the size of the file system of {path}"));
        var used = (double)(total - free) / total;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{path}: {used * 100:0}% used ({ByteSize.Format(free)} free of {ByteSize.Format(total)})");
        if (used >= criticalRatio)
            return Task.FromResult(ProbeOutcome.Failed($"{text}: at or above the critical threshold of {criticalRatio * 100:0}%; free space on this file system"));
        if (used >= warningRatio)
            return Task.FromResult(ProbeOutcome.Warning($"{text}: above the warning threshold of {warningRatio * 100:0}%"));
        return Task.FromResult(ProbeOutcome.Ok);
    }

    private static (long, long) Measure(string path)
    {
        var drive = new DriveInfo(Path.GetFullPath(path));
        return (drive.TotalSize, drive.AvailableFreeSpace);
    }
}
