using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gravity.Core;
using Gravity.Core.IO;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Build;

/// <summary>
/// Remembers the last cluster images built with a state directory, as hard links keyed by the exact list of entries
/// (names, modes, sizes, digests: the writer's output is a function of that list). A rebuild whose entries are the
/// same links the remembered file to the new output instead of writing gigabytes again. A remembered file is used only
/// while its size and modification time are those recorded when it was written, the way make and rsync decide a file
/// is unchanged; anything else (edited, truncated, another device) falls back to a normal write.
/// </summary>
public sealed class BuildOutputCache(string stateDir)
{
    private const int Keep = 2;
    private readonly string _dir = Path.Combine(stateDir, "builds");

    public static string KeyOf(IReadOnlyList<ArchiveEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in entries)
            hash.AppendData(Encoding.UTF8.GetBytes($"{e.Name}\0{(int)e.Mode}\0{e.Size}\0{e.Digest}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Links the remembered archive for <paramref name="key"/> to <paramref name="output"/>; false when there is none usable.</summary>
    public bool TryReuse(string key, long expectedLength, string output, bool overwrite)
    {
        var cached = Path.Combine(_dir, key + ".tar");
        var fingerprint = ReadFingerprint(key);
        var info = new FileInfo(cached);
        if (fingerprint is null || !info.Exists || info.Length != expectedLength || !fingerprint.Matches(info)) return false;
        if (!overwrite && File.Exists(output)) throw new GravityException($"{output} already exists; use -f to overwrite it");

        var temp = AtomicFile.TempPathFor(output);
        if (!HardLink.TryCreate(cached, temp)) return false;
        try
        {
            File.Move(temp, output, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    /// <summary>Remembers a freshly written archive (best effort: a failure here never fails the build).</summary>
    public void Remember(string key, string output)
    {
        try
        {
            Directory.CreateDirectory(_dir);
            var cached = Path.Combine(_dir, key + ".tar");
            var temp = cached + ".tmp";
            File.Delete(temp);
            if (!HardLink.TryCreate(output, temp)) return;
            File.Move(temp, cached, overwrite: true);
            var info = new FileInfo(cached);
            File.WriteAllText(Path.Combine(_dir, key + ".json"), JsonSerializer.Serialize(new Fingerprint(info.Length, info.LastWriteTimeUtc), PackagingJsonContext.Default.Fingerprint));
            Prune();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private Fingerprint? ReadFingerprint(string key)
    {
        try { return JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(_dir, key + ".json")), PackagingJsonContext.Default.Fingerprint); }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    private void Prune()
    {
        var old = new DirectoryInfo(_dir).GetFiles("*.tar").OrderByDescending(f => f.LastWriteTimeUtc).Skip(Keep);
        foreach (var f in old)
        {
            f.Delete();
            File.Delete(Path.ChangeExtension(f.FullName, ".json"));
        }
    }

    internal sealed record Fingerprint(long Length, DateTime ModifiedUtc)
    {
        public bool Matches(FileInfo info) => info.Length == Length && info.LastWriteTimeUtc == ModifiedUtc;
    }
}
