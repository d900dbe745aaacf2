using System.Formats.Tar;
using System.IO.Compression;
using Gravity.Core;
using Gravity.Core.IO;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Backup;

/// <summary>
/// Writes the backup folder's contents as a gzipped tar (pax), streamed: each file is copied from its open handle into
/// the compressor, never held whole. Only regular files and folders are archived; anything else (a symbolic link, a
/// FIFO, a device, a socket, a name restore would refuse) is skipped and named in a message. Root reads what a hook
/// wrote, so a file is opened beneath the folder with no link followed on the way (<see cref="BeneathFile"/>): a
/// link to /etc/shadow, or a folder swapped for a link, never puts a file from elsewhere into the backup.
/// </summary>
public static class BackupArchiveWriter
{
    private const UnixFileMode Permissions = (UnixFileMode)0x1FF; // rwx for all three: no setuid, setgid or sticky bit

    /// <param name="skipped">Told each entry left out, and why.</param>
    /// <returns>How many files and folders the archive holds.</returns>
    public static async Task<int> WriteAsync(string folder, Stream output, BackupArchiveLimits limits, Action<string> skipped, CancellationToken ct)
    {
        using var root = BeneathFile.OpenFolder(folder);
        var totals = new Totals(limits);
        await using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            await WriteFolderAsync(root, folder, "", tar, totals, skipped, ct);
        return totals.Entries;
    }

    private static async Task WriteFolderAsync(Microsoft.Win32.SafeHandles.SafeFileHandle root, string folder, string relative, TarWriter tar,
        Totals totals, Action<string> skipped, CancellationToken ct)
    {
        var entries = Directory.EnumerateFileSystemEntries(relative.Length == 0 ? folder : Path.Combine(folder, relative))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        foreach (var fileName in entries)
        {
            ct.ThrowIfCancellationRequested();
            var name = relative.Length == 0 ? fileName : $"{relative}/{fileName}";
            var path = Path.Combine(folder, name);
            if (!ArchivePath.IsSafe(name, out var reason))
            {
                skipped($"{name}: not backed up, restore would refuse its name ({reason})");
                continue;
            }
            switch (HostFile.TypeOf(path))
            {
                case UnixFileType.Directory:
                    totals.Add(name, 0);
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/")
                    {
                        Mode = File.GetUnixFileMode(path) & Permissions, ModificationTime = Directory.GetLastWriteTimeUtc(path),
                    }, ct);
                    await WriteFolderAsync(root, folder, name, tar, totals, skipped, ct);
                    break;
                case UnixFileType.Regular:
                    await WriteFileAsync(root, name, tar, totals, skipped, ct);
                    break;
                case var other:
                    skipped($"{name}: not backed up, it is {HostFile.Describe(other)} (only regular files and folders are)");
                    break;
            }
        }
    }

    private static async Task WriteFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle root, string name, TarWriter tar, Totals totals,
        Action<string> skipped, CancellationToken ct)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = BeneathFile.OpenRegular(root, name);
        }
        catch (IOException ex)
        {
            skipped($"{name}: not backed up, {ex.Message}");
            return;
        }
        await using var data = new FileStream(handle, FileAccess.Read);
        totals.Add(name, data.Length);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = File.GetUnixFileMode(handle) & Permissions, ModificationTime = File.GetLastWriteTimeUtc(handle), DataStream = data,
        }, ct);
    }

    private sealed class Totals(BackupArchiveLimits limits)
    {
        private long _bytes;
        public int Entries { get; private set; }

        public void Add(string name, long size)
        {
            Entries++;
            _bytes += size;
            if (Entries > limits.MaxEntries)
                throw new GravityException($"the backup folder holds more than {limits.MaxEntries} files and folders (at {name}): restore would refuse the archive");
            if (_bytes > limits.MaxUnpackedBytes)
                throw new GravityException($"the backup folder holds more than {ByteSize.Format(limits.MaxUnpackedBytes)} (at {name}): restore would refuse the archive");
        }
    }
}
