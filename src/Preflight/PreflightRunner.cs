using Gravity.Manifest;
using Gravity.Preflight.Checks;
using Gravity.Preflight.Host;

namespace Gravity.Preflight;

/// <summary>
/// Runs every check a node profile asks for, in a fixed order (cpu, ram, os, volumes, state folder space, devices, ports, custom), and
/// returns all results: nothing stops at the first failure, so the operator sees everything to fix at once.
/// </summary>
public static class PreflightRunner
{
    public static async Task<PreflightReport> RunAsync(NodeProfile profile, PreflightOptions options, CancellationToken ct = default)
    {
        var req = profile.Requirements;
        var name = profile.Name;
        var results = new List<CheckResult>();

        void Add(string check, string category, Func<CheckResult> run)
            => results.Add(IsSkipped(options, check, category) ? Skipped(check) : run());
        async Task AddAsync(string check, string category, Func<Task<CheckResult>> run)
            => results.Add(IsSkipped(options, check, category) ? Skipped(check) : await run());

        if (req.Cpu is { } cpu) Add("cpu", "cpu", () => ResourceChecks.Cpu(name, cpu));
        if (req.Ram is { } ram) Add("ram", "ram", () => ResourceChecks.Ram(name, ram, options));
        if (req.Os.Count > 0) Add("os", "os", () => OsCheck.Run(name, req.Os, options));

        var mounts = MountTable.Read(options.MountsPath);
        foreach (var volume in req.Volumes)
            await AddAsync($"volume:{volume.Path}", "volumes", () => VolumeCheck.RunAsync(name, volume, mounts, options, ct));
        if (options.StateSpace is { } space)
            Add(StateSpaceCheck.Name, "disk", () => StateSpaceCheck.Run(options, space, mounts));
        foreach (var device in req.Devices)
            Add($"device:{device.Path}", "devices", () => DeviceCheck.Run(name, device));

        var ports = req.Network?.Ports ?? [];
        if (ports.Count > 0 || options.ExtraPorts.Count > 0)
            Add("ports", "ports", () => PortCheck.Run(name, ports, options.ExtraPorts));

        for (var i = 0; i < req.CustomChecks.Count; i++)
        {
            var (check, checkName) = (req.CustomChecks[i], $"custom:{i + 1}");
            await AddAsync(checkName, "custom", () => CustomScriptCheck.RunAsync(checkName, check, options, ct));
        }
        return new PreflightReport(name, results);
    }

    private static bool IsSkipped(PreflightOptions options, string check, string category)
        => options.Skip.Any(s => string.Equals(s, check, StringComparison.OrdinalIgnoreCase)
                                 || string.Equals(s, category, StringComparison.OrdinalIgnoreCase)
                                 || string.Equals(s + "s", category, StringComparison.OrdinalIgnoreCase));

    private static CheckResult Skipped(string check) => CheckResult.Skip(check, $"skipped on request (--skip {check})");
}
