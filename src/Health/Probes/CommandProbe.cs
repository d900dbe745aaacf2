using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Health.Probes;

/// <summary>Runs a program (e.g. `ctr --address SOCK version`); healthy when it exits 0 within the timeout.</summary>
public sealed class CommandProbe(string name, string fileName, IReadOnlyList<string> args, TimeSpan timeout) : IProbe
{
    public string Name => name;

    public async Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        var command = $"{fileName} {string.Join(' ', args)}";
        try
        {
            var r = await ProcessRunner.RunAsync(fileName, args, timeout: timeout, ct: ct);
            return r.Succeeded ? ProbeOutcome.Ok : ProbeOutcome.Failed($"{command}: exit {r.ExitCode}: {Last(r.Combined)}");
        }
        catch (Exception ex) when (ex is TimeoutException or GravityException)
        {
            return ProbeOutcome.Failed($"{command}: {ex.Message}");
        }
    }

    private static string Last(string output) => output.Length > 400 ? output[^400..] : output;
}
