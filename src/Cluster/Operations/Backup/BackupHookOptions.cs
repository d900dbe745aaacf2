namespace Gravity.Cluster.Operations.Backup;

/// <summary>How `gravity backup` and `gravity restore` run their hook.</summary>
/// <param name="HookLog">Told every log line of the hook's containers as they come (--follow); null: only a failure shows its last lines.</param>
/// <param name="Timeout">Replaces the job's activeDeadlineSeconds (--timeout); null: the job's own, else 20 minutes.</param>
/// <param name="Messages">What the command says besides the hook's log (entries left out of the archive, where it went).</param>
public sealed record BackupHookOptions(Action<string>? HookLog = null, TimeSpan? Timeout = null, IProgress<string>? Messages = null);
