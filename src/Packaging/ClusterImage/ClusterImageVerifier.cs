using Gravity.Oci;

namespace Gravity.Packaging.ClusterImage;

/// <summary>The outcome of <c>tele verify</c>: every problem found, each naming the entry concerned.</summary>
public sealed record VerifyResult(string Path, IReadOnlyList<string> Problems, int EntriesChecked, long BytesChecked)
{
    /// <summary>The digest and size of the whole file, when asked for (computed in the same pass).</summary>
    public (Digest Digest, long Size)? Archive { get; init; }

    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Rereads a whole cluster image: the tar structure, every entry against the size, mode and digest recorded in the head,
/// every blob against the digest in its name, and the image index (each image's blobs present with the right size).
/// </summary>
public static class ClusterImageVerifier
{
    private const int BufferSize = 1 << 17;

    /// <param name="images">Also check the container images against packages/index.json (a push checks only what it publishes: the entries).</param>
    /// <param name="hashArchive">Also compute the whole file's digest in the same read (what a push records).</param>
    public static async Task<VerifyResult> VerifyAsync(string path, IProgress<long>? progress = null, CancellationToken ct = default,
        bool images = true, bool hashArchive = false)
    {
        var problems = new List<string>();
        ClusterImageReader reader;
        try
        {
            reader = await ClusterImageReader.OpenAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            // The reader names the file; the caller prints it once.
            var message = ex.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? ex.Message[(path.Length + 2)..] : ex.Message;
            return new VerifyResult(path, [message], 0, 0);
        }

        await using var file = new FileStream(reader.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var hashing = hashArchive ? new HashingReadStream(file) : null;
        var (checkedCount, bytes) = await VerifyEntriesAsync(reader, (Stream?)hashing ?? file, problems, progress, ct).ConfigureAwait(false);
        if (problems.Count == 0 && images) VerifyImages(reader, problems, ct);
        if (hashing is null) return new VerifyResult(path, problems, checkedCount, bytes);
        await hashing.CopyToAsync(Stream.Null, BufferSize, ct).ConfigureAwait(false); // whatever follows the end of the tar counts too
        return new VerifyResult(path, problems, checkedCount, bytes) { Archive = (hashing.Digest(), hashing.BytesRead) };
    }

    private static async Task<(int, long)> VerifyEntriesAsync(ClusterImageReader reader, Stream file, List<string> problems, IProgress<long>? progress, CancellationToken ct)
    {
        var expected = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = 0;
        var count = 0;
        long bytes = 0;
        string previous = "(start of file)";
        var buffer = new byte[BufferSize];
        var scanner = new TarScanner(file);
        try
        {
            while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
            {
                if (entry.Kind == TarEntryKind.Directory) continue;
                count++;
                if (!seen.Add(entry.Name)) { problems.Add($"{entry.Name}: appears twice"); continue; }
                if (!expected.TryGetValue(entry.Name, out var want)) { problems.Add($"{entry.Name}: not listed in {ClusterImageLayout.HeadPath}"); continue; }
                if (order < reader.Entries.Count && reader.Entries[order].Name != entry.Name)
                    problems.Add($"{entry.Name}: out of order (expected {reader.Entries[order].Name} here)");
                order++;
                if (entry.Mode != want.Mode) problems.Add($"{entry.Name}: mode {FileModes.ToOctal(entry.Mode)}, {ClusterImageLayout.HeadPath} says {want.OctalMode}");
                if (entry.Size != want.Size) { problems.Add($"{entry.Name}: {entry.Size} bytes, {ClusterImageLayout.HeadPath} says {want.Size}"); continue; }

                using var hash = want.Digest.CreateHash();
                await using (var data = scanner.OpenData(entry))
                {
                    int n;
                    while ((n = await data.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        bytes += n;
                        progress?.Report(bytes);
                    }
                }
                var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual != want.Digest.Hex)
                    problems.Add($"{entry.Name}: damaged: content has digest {want.Digest.Algorithm}:{actual}, expected {want.Digest}");
                else if (ClusterImageLayout.TryParseBlobPath(entry.Name, out var named) && named != want.Digest)
                    problems.Add($"{entry.Name}: content has digest {want.Digest}, not the one in its name");
                previous = entry.Name;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            problems.Add($"after {previous}: {ex.Message}");
            return (count, bytes);
        }
        foreach (var e in reader.Entries.Where(e => !seen.Contains(e.Name)))
            problems.Add($"{e.Name}: listed in {ClusterImageLayout.HeadPath} but missing from the archive");
        return (count, bytes);
    }

    private static void VerifyImages(ClusterImageReader reader, List<string> problems, CancellationToken ct)
        => problems.AddRange(ClusterImageContentCheck.Check(reader.Head, reader.Find,
            name => reader.ReadEntryBytesAsync(name, 4 << 20, ct).GetAwaiter().GetResult()));
}
