using Gravity.Oci;

namespace Gravity.Packaging.Build;

/// <summary>A file's size and digest as read at one moment.</summary>
internal sealed record HashedFile(string Path, long Size, Digest Digest)
{
    public static async Task<HashedFile> ComputeAsync(string path, CancellationToken ct)
    {
        await using var s = Open(path);
        return new HashedFile(path, s.Length, await Digest.ComputeAsync(s, ct).ConfigureAwait(false));
    }

    /// <summary>The file as it is now (the archive writer checks it still has <see cref="Digest"/>).</summary>
    public FileStream Open() => Open(Path);

    private static FileStream Open(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
