using System.Formats.Tar;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upload;

/// <summary>
/// A version's folder as a tar stream between masters: head.json first (the receiver checks everything after it
/// against it), then the files it lists. Only regular files; the receiver sets names, modes and owner itself.
/// </summary>
public static class AppFolderTar
{
    /// <summary>Writes the complete folder <paramref name="dir"/> (an uploaded version) to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(string dir, Stream output, CancellationToken ct)
    {
        var headBytes = await File.ReadAllBytesAsync(Path.Combine(dir, UploadedAppFolder.HeadFile), ct);
        var head = ClusterImageHead.Parse(headBytes);
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteEntryAsync(tar, UploadedAppFolder.HeadFile, new MemoryStream(headBytes), ct);
        foreach (var (path, _) in UploadedAppFolder.FilesOf(head))
        {
            await using var file = File.OpenRead(ArchivePath.Resolve(dir, path));
            await WriteEntryAsync(tar, path, file, ct);
        }
    }

    /// <summary>
    /// Reads a folder sent by <see cref="WriteAsync"/> into <paramref name="targetDir"/> (a version's folder of
    /// <paramref name="name"/>:<paramref name="version"/>): verified file by file, put in place only once complete.
    /// </summary>
    /// <returns>The head's digest and whether anything changed.</returns>
    public static async Task<(Oci.Digest HeadDigest, bool Changed)> ReadAsync(Stream input, string targetDir, string name, string version, CancellationToken ct)
    {
        await using var tar = new TarReader(input, leaveOpen: true);
        var first = await tar.GetNextEntryAsync(copyData: false, ct) ?? throw new GravityException("the upload is empty");
        if (first.Name != UploadedAppFolder.HeadFile || !IsRegular(first) || first.DataStream is null)
            throw new GravityException($"the upload must start with {UploadedAppFolder.HeadFile}, not {first.Name}");
        if (first.Length > ClusterImageLayout.MaxHeadSize) throw new GravityException($"{UploadedAppFolder.HeadFile} is larger than {ByteSize.Format(ClusterImageLayout.MaxHeadSize)}");
        using var headBuffer = new MemoryStream();
        await first.DataStream.CopyToAsync(headBuffer, ct);
        using var staging = AppFolderStaging.Begin(targetDir, headBuffer.ToArray(), name, version);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (!IsRegular(entry) || entry.DataStream is null) throw new GravityException($"{entry.Name} in the upload is not a regular file");
            await staging.AddAsync(entry.Name, entry.DataStream, ct);
        }
        return (staging.HeadDigest, staging.Commit());
    }

    private static bool IsRegular(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;

    private static async Task WriteEntryAsync(TarWriter tar, string name, Stream content, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = UploadedAppFolder.ModeOf(name) };
        await tar.WriteEntryAsync(entry, ct);
    }
}
