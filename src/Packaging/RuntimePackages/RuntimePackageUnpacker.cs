using System.IO.Compression;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.RuntimePackages;

/// <summary>
/// Unpacks a runtime package into a node's runtime folder (bin/ and runtime.json). Each layer is streamed once, its
/// digest verified over every byte, into a staging folder beside the target that only its owner (root) can enter until
/// every layer has verified; then it is opened (0755) and replaces the target by renames. A damaged or hostile package,
/// or a kill at any point, never leaves a half-written runtime folder nor unverified bytes anyone else could read, and
/// running it again starts over cleanly. Blobs that are symbolic links are refused (the image folder may be another
/// user's). Entries other than regular files <c>bin/&lt;program&gt;</c> (links, devices, other paths, whiteouts) are
/// refused; files are 0755, folders 0755, both the caller's (root's) and writable by no one else.
/// </summary>
public static class RuntimePackageUnpacker
{
    public const UnixFileMode FolderMode = (UnixFileMode)0x1ED; // 0755
    public const UnixFileMode ProgramMode = (UnixFileMode)0x1ED; // 0755
    public const UnixFileMode ManifestMode = (UnixFileMode)0x1A4; // 0644
    /// <summary>The staging folder until every layer has verified: what is in it may be any bytes at all.</summary>
    private const UnixFileMode StagingMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string StagingOf(string targetDir) => targetDir.TrimEnd('/') + ".part";
    public static string RetiredOf(string targetDir) => targetDir.TrimEnd('/') + ".old";

    public static async Task UnpackAsync(ContentStore store, RuntimePackageImage package, string targetDir, CancellationToken ct = default)
    {
        targetDir = Path.GetFullPath(targetDir);
        var staging = StagingOf(targetDir);
        var retired = RetiredOf(targetDir);
        DeleteIfPresent(staging);
        DeleteIfPresent(retired);

        var layers = package.Manifest.Layers;
        try
        {
            Directory.CreateDirectory(staging, StagingMode);
            File.SetUnixFileMode(staging, StagingMode);
            var bin = Path.Combine(staging, RuntimePackageFormat.BinDir);
            Directory.CreateDirectory(bin, FolderMode);
            File.SetUnixFileMode(bin, FolderMode);
            long total = 0;
            for (var i = 0; i < layers.Count; i++)
                total = await ExtractLayerAsync(store, layers[i].Digest, layers[i].Size, layers[i].MediaType == Gravity.Oci.MediaTypes.OciLayerGzip, i, bin, total, ct).ConfigureAwait(false);
            CheckAgainstManifest(package.Runtime, bin);
            var manifestPath = Path.Combine(staging, RuntimePackageFormat.ManifestFileName);
            await File.WriteAllBytesAsync(manifestPath, package.ManifestJson, ct).ConfigureAwait(false);
            File.SetUnixFileMode(manifestPath, ManifestMode);
            File.SetUnixFileMode(staging, FolderMode);
        }
        catch
        {
            DeleteIfPresent(staging);
            throw;
        }

        if (Directory.Exists(targetDir)) Directory.Move(targetDir, retired);
        Directory.Move(staging, targetDir);
        DeleteIfPresent(retired);
    }

    private static async Task<long> ExtractLayerAsync(ContentStore store, Digest digest, long size, bool gzip, int index, string bin, long total, CancellationToken ct)
    {
        if (new FileInfo(store.PathOf(digest)).LinkTarget is not null)
            throw new InvalidDataException($"layer {index} ({digest}) of the runtime package is a symbolic link, not a blob");
        try
        {
            await using var verified = new VerifyingReadStream(store.OpenRead(digest), digest, size, source: $"layer {index}");
            await using var tar = gzip ? new GZipStream(verified, CompressionMode.Decompress, leaveOpen: true) : (Stream)verified;
            var scanner = new TarScanner(tar);
            while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
            {
                if (entry.Kind == TarEntryKind.Directory)
                {
                    if (entry.Name != RuntimePackageFormat.BinDir + "/") throw Refused(index, entry.Name, "only the folder bin/ may be in a runtime package");
                    continue;
                }
                var name = entry.Name.StartsWith(RuntimePackageFormat.BinDir + "/", StringComparison.Ordinal) ? entry.Name[(RuntimePackageFormat.BinDir.Length + 1)..] : null;
                if (name is null || !RuntimePackageManifestParser.IsProgramName(name))
                    throw Refused(index, entry.Name, "a runtime package holds only programs bin/<name> (lower-case letters, digits, '.', '_', '-')");
                if (entry.Size > RuntimePackageFormat.MaxBinaryBytes) throw Refused(index, entry.Name, $"larger than {RuntimePackageFormat.MaxBinaryBytes} bytes");
                total += entry.Size;
                if (total > RuntimePackageFormat.MaxUnpackedBytes) throw Refused(index, entry.Name, $"the package unpacks to more than {RuntimePackageFormat.MaxUnpackedBytes} bytes");
                var target = ArchivePath.Resolve(bin, name);
                // A later layer replaces a program of an earlier one (OCI layer order); the staging folder holds no links.
                await using (var output = new FileStream(target, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ProgramMode }))
                await using (var data = scanner.OpenData(entry))
                    await data.CopyToAsync(output, ct).ConfigureAwait(false);
                File.SetUnixFileMode(target, ProgramMode);
            }
            // Read to the end so the digest is checked over every byte, trailing blocks and padding included.
            await verified.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DigestMismatchException or BlobNotFoundException)
        {
            throw new InvalidDataException($"layer {index} ({digest}) of the runtime package is damaged or missing: {ex.Message}", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("layer ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"layer {index} ({digest}) of the runtime package: {ex.Message}", ex);
        }
        return total;
    }

    private static void CheckAgainstManifest(RuntimePackageManifest runtime, string bin)
    {
        var present = Directory.EnumerateFiles(bin).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var binary in runtime.Binaries)
            if (!present.Contains(binary.Name))
                throw new InvalidDataException($"{RuntimePackageFormat.ManifestFileName} lists {binary.Name}, which no layer holds in bin/");
        foreach (var file in present.Order(StringComparer.Ordinal))
            if (!runtime.Carries(file))
                throw new InvalidDataException($"bin/{file} is in a layer but not listed in {RuntimePackageFormat.ManifestFileName}");
    }

    private static InvalidDataException Refused(int index, string name, string why) => new($"layer {index}: entry '{name}' refused: {why}");

    private static void DeleteIfPresent(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        else if (File.Exists(dir)) File.Delete(dir);
    }
}
