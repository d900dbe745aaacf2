using System.Buffers;
using Gravity.Core.IO;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// Writes a cluster image tar from a list of entries. Deterministic: the same entries with the same content give
/// byte-identical output (fixed time, owner 0:0, empty owner names, ustar format, parent folders emitted before their
/// first file, in entry order). Content is streamed, verified against each entry's digest and size as it passes.
/// </summary>
public static class ClusterImageWriter
{
    private const int BufferSize = 1 << 17;
    private const UnixFileMode DirectoryMode = ArchiveEntry.ExecutableMode;

    public static async Task WriteAsync(Stream output, IReadOnlyList<ArchiveEntry> entries,
        Func<ArchiveEntry, CancellationToken, Task<Stream>> openContent, CancellationToken ct = default,
        IProgress<long>? progress = null)
    {
        CheckNames(entries);
        var emittedDirectories = new HashSet<string>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long written = 0;
        try
        {
            foreach (var entry in entries)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var dir in ArchivePath.ParentsOf(entry.Name))
                {
                    if (!emittedDirectories.Add(dir)) continue;
                    var dirHeader = TarHeaderEncoder.Encode(dir, DirectoryMode, 0, (byte)'5');
                    await output.WriteAsync(dirHeader, ct).ConfigureAwait(false);
                    written += dirHeader.Length;
                }

                var header = EncodeFileHeader(entry);
                await output.WriteAsync(header, ct).ConfigureAwait(false);
                written += header.Length;

                await using (var content = await openContent(entry, ct).ConfigureAwait(false))
                {
                    if (!await TryCopyPreverifiedAsync(entry, content, output, ct).ConfigureAwait(false))
                        await CopyVerifiedAsync(entry, content, output, buffer, ct).ConfigureAwait(false);
                }
                written += entry.Size;

                var padding = (int)(TarHeaderEncoder.PaddedLength(entry.Size) - entry.Size);
                if (padding > 0)
                {
                    Array.Clear(buffer, 0, padding);
                    await output.WriteAsync(buffer.AsMemory(0, padding), ct).ConfigureAwait(false);
                    written += padding;
                }
                progress?.Report(written);
            }

            Array.Clear(buffer, 0, 2 * TarHeaderEncoder.BlockSize);
            await output.WriteAsync(buffer.AsMemory(0, 2 * TarHeaderEncoder.BlockSize), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            progress?.Report(written + 2 * TarHeaderEncoder.BlockSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The exact size of the tar <see cref="WriteAsync"/> produces for these entries.</summary>
    public static long ComputeLength(IReadOnlyList<ArchiveEntry> entries)
    {
        var dirs = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var e in entries)
        {
            foreach (var dir in ArchivePath.ParentsOf(e.Name))
                if (dirs.Add(dir)) total += TarHeaderEncoder.Encode(dir, DirectoryMode, 0, (byte)'5').Length;
            total += EncodeFileHeader(e).Length + TarHeaderEncoder.PaddedLength(e.Size);
        }
        return total + 2 * TarHeaderEncoder.BlockSize;
    }

    /// <summary>
    /// The head is the one entry no other entry checksums, so its own digest travels in its tar header
    /// (a pax comment), letting readers detect a damaged head.
    /// </summary>
    private static byte[] EncodeFileHeader(ArchiveEntry e)
        => TarHeaderEncoder.Encode(e.Name, e.Mode, e.Size, (byte)'0', e.Name == ClusterImageLayout.HeadPath ? e.Digest.ToString() : null);

    private static void CheckNames(IReadOnlyList<ArchiveEntry> entries)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            ArchivePath.Validate(e.Name);
            if (e.Name.EndsWith('/')) throw new ArgumentException($"archive entry '{e.Name}' is a folder; list files only");
            if (e.Size < 0) throw new ArgumentException($"archive entry '{e.Name}' has a negative size");
            if (!files.Add(e.Name)) throw new ArgumentException($"archive entry '{e.Name}' listed twice");
        }
        foreach (var e in entries)
        foreach (var dir in ArchivePath.ParentsOf(e.Name))
            if (files.Contains(dir.TrimEnd('/')))
                throw new ArgumentException($"archive entry '{dir.TrimEnd('/')}' is both a file and the folder of '{e.Name}'");
    }

    /// <summary>A <see cref="PreverifiedFileStream"/> into a file: copied by the kernel at the output's position, then skipped over.</summary>
    private static async Task<bool> TryCopyPreverifiedAsync(ArchiveEntry entry, Stream content, Stream output, CancellationToken ct)
    {
        if (content is not PreverifiedFileStream file || output is not FileStream target || !target.CanSeek) return false;
        if (file.Length != entry.Size)
            throw new ArchiveContentMismatchException(entry, $"archive entry '{entry.Name}': content is {file.Length} bytes, its size is {entry.Size}");
        await target.FlushAsync(ct).ConfigureAwait(false);
        var at = target.Position;
        if (!KernelCopy.TryCopy(file.SafeFileHandle, 0, target.SafeFileHandle, at, entry.Size, ct)) return false;
        target.Seek(entry.Size, SeekOrigin.Current);
        return true;
    }

    private static async Task CopyVerifiedAsync(ArchiveEntry entry, Stream content, Stream output, byte[] buffer, CancellationToken ct)
    {
        using var hash = entry.Digest.CreateHash();
        var copied = await PipelinedCopy.CopyAsync(content, output, chunk => hash.AppendData(chunk.Span), entry.Size, ct: ct).ConfigureAwait(false);
        if (copied < entry.Size)
            throw new ArchiveContentMismatchException(entry, $"archive entry '{entry.Name}': content ended {entry.Size - copied} bytes short of its size {entry.Size}");
        if (await content.ReadAsync(buffer.AsMemory(0, 1), ct).ConfigureAwait(false) != 0)
            throw new ArchiveContentMismatchException(entry, $"archive entry '{entry.Name}': content is longer than its size {entry.Size}");
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != entry.Digest.Hex)
            throw new ArchiveContentMismatchException(entry, $"archive entry '{entry.Name}': content has digest {entry.Digest.Algorithm}:{actual}, expected {entry.Digest}");
    }
}
