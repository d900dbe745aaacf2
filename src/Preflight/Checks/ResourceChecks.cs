using Gravity.Core;
using Gravity.Manifest;
using Gravity.Preflight.Host;

namespace Gravity.Preflight.Checks;

/// <summary>CPU cores and memory against the profile's min and max.</summary>
internal static class ResourceChecks
{
    public static CheckResult Cpu(string profile, CpuRequirement req)
    {
        var cores = HostResources.ProcessorCount;
        if (cores < req.Min)
            return CheckResult.Fail("cpu", $"{cores} CPU cores available, profile {profile} needs at least {req.Min}");
        if (req.Max is { } max && cores > max)
            return CheckResult.Fail("cpu", $"{cores} CPU cores available, profile {profile} allows at most {max}: pick a profile for larger machines");
        return CheckResult.Pass("cpu", $"{cores} CPU cores (profile {profile}: {Range(req.Min, req.Max)})");
    }

    public static CheckResult Ram(string profile, RamRequirement req, PreflightOptions options)
    {
        var total = HostResources.TotalMemory(options.MemInfoPath);
        if (total < req.Min)
            return CheckResult.Fail("ram", $"{ByteSize.Format(total)} available, profile {profile} needs at least {Units.Decimal(req.Min)}");
        if (req.Max is { } max && total > max)
            return CheckResult.Fail("ram", $"{ByteSize.Format(total)} available, profile {profile} allows at most {Units.Decimal(max)}: pick a profile for larger machines");
        return CheckResult.Pass("ram", $"{ByteSize.Format(total)} (profile {profile}: at least {Units.Decimal(req.Min)}{(req.Max is { } m ? $", at most {Units.Decimal(m)}" : "")})");
    }

    private static string Range(int min, int? max) => max is { } m ? $"{min} to {m}" : $"at least {min}";
}
