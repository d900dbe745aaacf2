using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;

namespace Gravity.Registry;

/// <summary>
/// Blob upload sessions on disk: <c>uploads/&lt;id&gt;/data</c> (the bytes received so far) and <c>state.json</c>
/// (repository, start time, owner). A session survives a restart, and a client resumes from the data file's length. The file is
/// locked (flock) while a request writes it, so two processes never interleave chunks. Completion verifies the digest
/// and renames the file into the content store; a mismatch removes the session, so nothing unverified becomes visible.
/// A write that finds the disk full removes the session at once (<see cref="InsufficientStorageException"/>): its partial
/// data would otherwise hold the space until it expires and make every later push fail too.
/// </summary>
public sealed class UploadStore
{
    private const int ChunkSize = 1 << 18;
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private const string DataFile = "data";
    private const string StateFile = "state.json";
    private readonly ContentStore _content;
    private readonly UploadHashCache _hashes = new();

    public UploadStore(string root, ContentStore content)
    {
        Root = Path.GetFullPath(root);
        _content = content;
        RegistryFileModes.CreateFolder(Root);
        RegistryFileModes.TightenFolder(Root);
    }

    public string Root { get; }

    private sealed record State(string Repository, DateTimeOffset StartedAt, string? Owner = null);

    /// <param name="repository">The repository the blob is pushed to.</param>
    /// <param name="owner">Who started the upload (the access decision's subject); only they may continue it.</param>
    public async Task<UploadSession> StartAsync(string repository, string? owner = null)
    {
        if (!RepositoryName.IsValid(repository)) throw new RegistryErrorException(RegistryErrorCodes.NameInvalid, $"invalid repository name '{repository}'");
        var id = Guid.NewGuid().ToString("N");
        var dir = Path.Combine(Root, id);
        var data = Path.Combine(dir, DataFile);
        var state = new State(repository, DateTimeOffset.UtcNow, owner);
        try
        {
            RegistryFileModes.CreateFolder(dir);
            await using (new FileStream(data, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = RegistryFileModes.File,
                         })) { }
            await AtomicFile.WriteAllBytesAsync(Path.Combine(dir, StateFile), JsonSerializer.SerializeToUtf8Bytes(state), RegistryFileModes.File)
                .ConfigureAwait(false);
        }
        catch (IOException ex) when (InsufficientStorageException.IsDiskFull(ex))
        {
            Delete(id);
            throw DiskFull(id, ex);
        }
        return new UploadSession(id, repository, state.StartedAt, data, owner);
    }

    /// <summary>The session with this id, or null (unknown, finished, cancelled, expired, or not an id we issue).</summary>
    public UploadSession? Find(string id)
    {
        if (id.Length != 32 || !id.All(Uri.IsHexDigit)) return null;
        var dir = Path.Combine(Root, id);
        try
        {
            var state = JsonSerializer.Deserialize<State>(File.ReadAllBytes(Path.Combine(dir, StateFile)));
            var data = Path.Combine(dir, DataFile);
            return state is null || !File.Exists(data) ? null : new UploadSession(id, state.Repository, state.StartedAt, data, state.Owner);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Appends a chunk. <paramref name="expectedStart"/> (from Content-Range) must equal the current offset, else
    /// <see cref="UploadRangeException"/>. Bytes received before a client disconnects stay, so it can resume.
    /// </summary>
    public async Task<long> AppendAsync(UploadSession session, Stream body, long? expectedStart, CancellationToken ct)
    {
        try
        {
            await using var file = await OpenLockedAsync(session, ct).ConfigureAwait(false);
            var offset = file.Length;
            if (expectedStart is { } start && start != offset)
                throw new UploadRangeException(offset, $"chunk starts at {start} but the upload is at {offset}");
            await AppendCoreAsync(session, file, body, ct).ConfigureAwait(false);
            return file.Length;
        }
        catch (IOException ex) when (InsufficientStorageException.IsDiskFull(ex))
        {
            Cancel(session);
            throw DiskFull(session.Id, ex);
        }
    }

    /// <summary>
    /// Appends an optional final chunk, verifies the whole upload against <paramref name="digest"/> and moves it into
    /// the content store. The session is gone afterwards, whether it succeeded or not (DIGEST_INVALID on mismatch).
    /// </summary>
    public async Task<long> CompleteAsync(UploadSession session, Stream? body, long? expectedStart, Digest digest, CancellationToken ct)
    {
        try
        {
            return await CompleteCoreAsync(session, body, expectedStart, digest, ct).ConfigureAwait(false);
        }
        catch (IOException ex) when (InsufficientStorageException.IsDiskFull(ex))
        {
            Cancel(session);
            throw DiskFull(session.Id, ex);
        }
    }

    private async Task<long> CompleteCoreAsync(UploadSession session, Stream? body, long? expectedStart, Digest digest, CancellationToken ct)
    {
        long size;
        await using (var file = await OpenLockedAsync(session, ct).ConfigureAwait(false))
        {
            if (body is not null)
            {
                if (expectedStart is { } start && start != file.Length)
                    throw new UploadRangeException(file.Length, $"chunk starts at {start} but the upload is at {file.Length}");
                await AppendCoreAsync(session, file, body, ct).ConfigureAwait(false);
            }
            size = file.Length;
            var actual = await HashAsync(session, file, digest, ct).ConfigureAwait(false);
            if (actual != digest.Hex)
            {
                Cancel(session);
                throw new RegistryErrorException(RegistryErrorCodes.DigestInvalid,
                    $"uploaded content ({size} bytes) has digest {digest.Algorithm}:{actual}, not {digest}", new { expected = digest.ToString(), size });
            }
            file.Flush(flushToDisk: true);
            var target = _content.PathOf(digest);
            RegistryFileModes.CreateFolder(Path.GetDirectoryName(target)!);
            try { File.Move(session.DataPath, target, overwrite: false); }
            catch (IOException) when (File.Exists(target)) { /* the same verified content arrived through another upload */ }
        }
        Cancel(session);
        return size;
    }

    public void Cancel(UploadSession session) => Delete(session.Id);

    private void Delete(string id)
    {
        _hashes.Forget(id);
        try { Directory.Delete(Path.Combine(Root, id), recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
    }

    /// <summary>Removes sessions nobody wrote to for <paramref name="ttl"/>, and stale ingest files of the content store.</summary>
    public int CleanExpired(TimeSpan ttl)
    {
        var cutoff = DateTime.UtcNow - ttl;
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var id = Path.GetFileName(dir);
            var last = new[] { Path.Combine(dir, DataFile), Path.Combine(dir, StateFile), dir }
                .Where(p => File.Exists(p) || Directory.Exists(p)).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
            if (last >= cutoff) continue;
            _hashes.Forget(id);
            try { Directory.Delete(dir, recursive: true); removed++; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed + _content.CleanIngest(ttl);
    }

    /// <summary>The upload's offset once no request is writing it (so a status after an interrupted chunk is final).</summary>
    public async Task<long> GetOffsetAsync(UploadSession session, CancellationToken ct)
    {
        await using var file = await OpenLockedAsync(session, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ct).ConfigureAwait(false);
        return file.Length;
    }

    private static Task<FileStream> OpenLockedAsync(UploadSession session, CancellationToken ct)
        => OpenLockedAsync(session, FileAccess.ReadWrite, FileShare.None, ct);

    /// <summary>
    /// Opens the data file under an flock (exclusive for FileShare.None, shared otherwise; taken by .NET on Unix), so
    /// requests of any process on one upload take turns. A writer still finishing (e.g. its client just went away) is
    /// waited for a bounded time.
    /// </summary>
    private static async Task<FileStream> OpenLockedAsync(UploadSession session, FileAccess access, FileShare share, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                var fs = new FileStream(session.DataPath, FileMode.Open, access, share, bufferSize: 0, FileOptions.Asynchronous);
                fs.Seek(0, SeekOrigin.End);
                return fs;
            }
            catch (FileNotFoundException) { throw Unknown(session); }
            catch (DirectoryNotFoundException) { throw Unknown(session); }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw new UploadRangeException(session.Offset, "the upload is being written by another request");
            }
        }
    }

    private async Task AppendCoreAsync(UploadSession session, FileStream file, Stream body, CancellationToken ct)
    {
        var entry = _hashes.Take(session.Id, file.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (true)
            {
                // Gather a large block before writing: request bodies arrive in small pieces.
                var filled = 0;
                ExceptionDispatchInfo? failure = null;
                try
                {
                    // Not cancelled by the request-aborted token: that would drop bytes already received. A dead client
                    // still ends the read (the server's connection and data-rate limits abort it).
                    int n;
                    while (filled < ChunkSize && (n = await body.ReadAsync(buffer.AsMemory(filled, ChunkSize - filled), CancellationToken.None).ConfigureAwait(false)) > 0)
                        filled += n;
                }
                catch (Exception ex)
                {
                    // The client went away: keep what arrived (a valid prefix, TCP delivers in order) so it can resume.
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                if (filled > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, filled), CancellationToken.None).ConfigureAwait(false);
                    if (entry is not null)
                    {
                        entry.Hash.AppendData(buffer, 0, filled);
                        entry.Offset += filled;
                    }
                }
                failure?.Throw();
                if (filled < ChunkSize) break;
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (entry is not null) _hashes.Put(session.Id, entry);
        }
    }

    private async Task<string> HashAsync(UploadSession session, FileStream file, Digest digest, CancellationToken ct)
    {
        if (digest.Algorithm == "sha256" && _hashes.Take(session.Id, file.Length) is { } entry)
        {
            using (entry.Hash) return Convert.ToHexStringLower(entry.Hash.GetHashAndReset());
        }
        _hashes.Forget(session.Id);
        using var hash = digest.CreateHash();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            file.Seek(0, SeekOrigin.Begin);
            int n;
            while ((n = await file.ReadAsync(buffer.AsMemory(0, ChunkSize), ct).ConfigureAwait(false)) > 0) hash.AppendData(buffer, 0, n);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private static InsufficientStorageException DiskFull(string id, IOException ex)
        => new($"no space left on the registry's disk ({ex.Message}); upload {id} was discarded, push again once space is freed", ex);

    private static RegistryErrorException Unknown(UploadSession session)
        => new(RegistryErrorCodes.BlobUploadUnknown, $"upload {session.Id} is unknown");
}
