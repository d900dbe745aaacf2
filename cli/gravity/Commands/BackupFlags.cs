using System.CommandLine;
using Gravity.Cluster.Operations.Backup;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>What `gravity backup` and `gravity restore` share: FILE, --follow and --timeout.</summary>
internal sealed class BackupFlags
{
    public Argument<string> File { get; }
    public Option<bool> Follow { get; } = new("--follow") { Description = "Stream the hook's container logs to standard output" };
    public Option<string?> Timeout { get; } = new("--timeout") { Description = "How long the hook may run (90s, 20m, 1h30m): its job's activeDeadlineSeconds; default the job's own, else 20m" };

    public BackupFlags(string fileDescription)
    {
        File = new Argument<string>("FILE") { Description = fileDescription };
    }

    public void AddTo(Command cmd)
    {
        cmd.Arguments.Add(File);
        cmd.Options.Add(Follow);
        cmd.Options.Add(Timeout);
    }

    public BackupHookOptions OptionsOf(ParseResult p)
    {
        var timeout = p.GetValue(Timeout) is { } text ? DurationText.Parse(text, "--timeout") : (TimeSpan?)null;
        if (timeout is { } t && t < TimeSpan.FromSeconds(1)) throw new GravityException($"--timeout: {p.GetValue(Timeout)} is shorter than a second");
        var gate = new object();
        // The runner follows every container at once; the console takes one line at a time.
        Action<string>? log = p.GetValue(Follow) ? line => { lock (gate) Console.WriteLine(line); } : null;
        return new BackupHookOptions(log, timeout, p.GetValue(CommandAction.Quiet) ? null : new ConsoleLines());
    }
}
