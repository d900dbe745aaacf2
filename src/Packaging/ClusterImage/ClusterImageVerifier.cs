using Gravity.Oci;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;

namespace Gravity.Packaging.ClusterImage;

/// <summary>The outcome of <c>tele verify</c>: every problem found, each naming the entry concerned.</summary>
public sealed record VerifyResult(string Path, IReadOnlyList<string> Problems, int EntriesChecked, long BytesChecked)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Rereads a whole cluster image: the tar structure, every entry against the size, mode and digest recorded in the head,
/// every blob against the digest in its name, and the image index (each image's blobs present with the right size).
/// </summary>
public static class ClusterImageVerifier
{
    private const int BufferSize = 1 << 17;

    public static async Task<VerifyResult> VerifyAsync(string path, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var problems = new List<string>();
        ClusterImageReader reader;
        try
        {
            reader = await ClusterImageReader.OpenAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            return new VerifyResult(path, [$"{ClusterImageLayout.HeadPath}: {ex.Message}"], 0, 0);
        }

        var (checkedCount, bytes) = await VerifyEntriesAsync(reader, problems, progress, ct).ConfigureAwait(false);
        if (problems.Count == 0) await VerifyImagesAsync(reader, problems, ct).ConfigureAwait(false);
        return new VerifyResult(path, problems, checkedCount, bytes);
    }

    private static async Task<(int, long)> VerifyEntriesAsync(ClusterImageReader reader, List<string> problems, IProgress<long>? progress, CancellationToken ct)
    {
        var expected = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = 0;
        var count = 0;
        long bytes = 0;
        string previous = "(start of file)";
        var buffer = new byte[BufferSize];
        await using var file = new FileStream(reader.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
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

    private static async Task VerifyImagesAsync(ClusterImageReader reader, List<string> problems, CancellationToken ct)
    {
        if (!reader.Contains(ClusterImageLayout.OciIndexFile)) { problems.Add($"{ClusterImageLayout.OciIndexFile}: missing"); return; }
        var index = await reader.ReadImageIndexAsync(ct).ConfigureAwait(false);
        if (reader.Find(ClusterImageLayout.IndexPath) is { } headIndex && headIndex.Digest != reader.Find(ClusterImageLayout.OciIndexFile)!.Digest)
            problems.Add($"{ClusterImageLayout.IndexPath}: differs from {ClusterImageLayout.OciIndexFile}");

        var documents = new Dictionary<Digest, byte[]>();
        foreach (var root in index.Manifests)
        {
            var refName = root.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation) ?? root.Digest.ToString();
            try
            {
                foreach (var d in ImageGraph.Walk(root, desc => ReadDocument(reader, desc, documents, ct)))
                {
                    var entry = reader.Find(ClusterImageLayout.BlobPath(d.Digest));
                    if (entry is null) problems.Add($"{ClusterImageLayout.BlobPath(d.Digest)}: missing (needed by image {refName})");
                    else if (entry.Size != d.Size) problems.Add($"{entry.Name}: {entry.Size} bytes, image {refName} says {d.Size}");
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
            {
                problems.Add($"image {refName}: {ex.Message}");
            }
        }
        foreach (var image in reader.Head.Images)
            if (index.Manifests.All(m => m.Digest != image.Digest))
                problems.Add($"{ClusterImageLayout.HeadPath}: image {image.Reference} ({image.Digest}) is not in {ClusterImageLayout.OciIndexFile}");
    }

    private static byte[] ReadDocument(ClusterImageReader reader, Descriptor d, Dictionary<Digest, byte[]> cache, CancellationToken ct)
    {
        if (cache.TryGetValue(d.Digest, out var known)) return known;
        var name = ClusterImageLayout.BlobPath(d.Digest);
        if (!reader.Contains(name)) throw new InvalidDataException($"{name}: missing");
        var bytes = reader.ReadEntryBytesAsync(name, 4 << 20, ct).GetAwaiter().GetResult();
        cache[d.Digest] = bytes;
        return bytes;
    }
}
