namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// Content of an archive entry that this process has itself verified against the entry's digest moments ago (a blob
/// it has just downloaded into the content store). <see cref="ClusterImageWriter"/> copies such a file in the kernel,
/// without reading or hashing it a second time; any other stream is hashed as it is copied.
/// </summary>
public sealed class PreverifiedFileStream(string path)
    : FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 17, FileOptions.Asynchronous | FileOptions.SequentialScan);
