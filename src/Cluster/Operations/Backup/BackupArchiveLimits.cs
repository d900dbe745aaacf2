namespace Gravity.Cluster.Operations.Backup;

/// <summary>
/// How much a backup archive may hold: restore refuses more (a small archive that unpacks to fill the disk), and
/// backup refuses to write what restore would then refuse.
/// </summary>
public sealed record BackupArchiveLimits(long MaxUnpackedBytes, int MaxEntries)
{
    public static BackupArchiveLimits Default { get; } = new(MaxUnpackedBytes: 256L << 30, MaxEntries: 1_000_000);
}
