using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Gravity.Registry;

/// <summary>
/// SHA-256 state of uploads this process has received from their first byte, so that completing an upload does not
/// read the whole file again. Only a cache: an entry counts only while its offset equals the data file's length
/// (another process appending, a restart or a failed write all make it miss, and the file is hashed from disk).
/// </summary>
internal sealed class UploadHashCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public sealed class Entry(IncrementalHash hash, long offset)
    {
        public IncrementalHash Hash { get; } = hash;
        public long Offset { get; set; } = offset;
    }

    /// <summary>The running hash for an upload whose file is <paramref name="fileLength"/> long, or null when it cannot be continued.</summary>
    public Entry? Take(string id, long fileLength)
    {
        if (_entries.TryRemove(id, out var e))
        {
            if (e.Offset == fileLength) return e;
            e.Hash.Dispose();
        }
        return fileLength == 0 ? new Entry(IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 0) : null;
    }

    public void Put(string id, Entry entry) => _entries[id] = entry;

    public void Forget(string id)
    {
        if (_entries.TryRemove(id, out var e)) e.Hash.Dispose();
    }
}
