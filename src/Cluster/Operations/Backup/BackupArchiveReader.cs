using System.IO.Compression;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Backup;

/// <summary>
/// Reads a backup archive (a gzipped tar) with the cluster image's tar reader (<see cref="TarScanner"/>: no links,
/// devices or FIFOs, no absolute names, no "." or ".." segments, checked headers) plus the backup's own rules: a name
/// at most once, nothing under a file, at most <see cref="BackupArchiveLimits"/> entries and bytes, at least one entry
/// and the tar end marker (an empty or truncated file is no backup). Extraction checks as it goes, in one pass over
/// the file (read twice, it could change between the check and the extraction): the caller extracts into a folder
/// only root can reach and empties it when this throws.
/// </summary>
public static class BackupArchiveReader
{
    private const UnixFileMode Permissions = (UnixFileMode)0x1FF; // no setuid, setgid or sticky bit
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Reads the whole archive and throws, naming <paramref name="source"/> and the entry, at the first thing restore would refuse.</summary>
    public static Task CheckAsync(Stream archive, string source, BackupArchiveLimits limits, CancellationToken ct)
        => ReadAsync(archive, source, null, limits, ct);

    /// <summary>
    /// Extracts the archive into the empty <paramref name="folder"/> (files and folders root's, their permission bits as
    /// archived), checking as it goes: when this throws, part of the archive is in the folder.
    /// </summary>
    public static Task ExtractAsync(Stream archive, string source, string folder, BackupArchiveLimits limits, CancellationToken ct)
        => ReadAsync(archive, source, folder, limits, ct);

    private static async Task ReadAsync(Stream archive, string source, string? folder, BackupArchiveLimits limits, CancellationToken ct)
    {
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            var scanner = new TarScanner(gzip);
            var seen = new Dictionary<string, TarEntryKind>(StringComparer.Ordinal);
            long bytes = 0;
            var entries = 0;
            while (await scanner.NextAsync(ct) is { } entry)
            {
                entries++;
                var name = entry.Name.TrimEnd('/');
                foreach (var parent in ArchivePath.ParentsOf(name).Select(p => p.TrimEnd('/')))
                {
                    if (seen.TryGetValue(parent, out var kind) && kind == TarEntryKind.File)
                        throw new InvalidDataException($"entry '{entry.Name}' is under '{parent}', which is a file");
                    seen[parent] = TarEntryKind.Directory;
                }
                if (seen.TryGetValue(name, out var earlier) && (earlier == TarEntryKind.File || entry.Kind == TarEntryKind.File))
                    throw new InvalidDataException($"entry '{entry.Name}' appears twice");
                seen[name] = entry.Kind;
                if (seen.Count > limits.MaxEntries) throw new InvalidDataException($"more than {limits.MaxEntries} files and folders");
                bytes += entry.Size;
                if (bytes > limits.MaxUnpackedBytes) throw new InvalidDataException($"unpacks to more than {ByteSize.Format(limits.MaxUnpackedBytes)} (at '{entry.Name}')");
                if (folder is not null) await WriteAsync(scanner, entry, ArchivePath.Resolve(folder, name), ct);
            }
            if (!scanner.ReachedEndMarker)
                throw new InvalidDataException(scanner.Position == 0 ? "it holds no tar archive (it is empty)" : "it ends before the tar end marker (truncated?)");
            if (entries == 0) throw new InvalidDataException("the archive holds no files or folders: nothing to restore");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new GravityException($"{source} is not a backup gravity can restore: {ex.Message}", ex);
        }
    }

    private static async Task WriteAsync(TarScanner scanner, TarEntryHeader entry, string target, CancellationToken ct)
    {
        if (entry.Kind == TarEntryKind.Directory)
        {
            Directory.CreateDirectory(target, FolderMode);
            File.SetUnixFileMode(target, (entry.Mode & Permissions) | FolderMode);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!, FolderMode);
        var mode = entry.Mode & Permissions;
        // CreateNew: the folder was empty and the archive names each file once, so nothing is overwritten or followed.
        await using (var output = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode | UnixFileMode.UserWrite }))
        await using (var data = scanner.OpenData(entry))
            await data.CopyToAsync(output, ct);
        File.SetUnixFileMode(target, mode);
    }
}
