using System.Text.Json;
using Gravity.Core;
using Gravity.Oci;

namespace Gravity.Hub.Client;

/// <summary>
/// Remembers the upload session of each blob being pushed (<c>uploads/&lt;hex&gt;.json</c> under tele's folder), so a push
/// that was interrupted continues from the offset the Hub reports instead of starting over.
/// </summary>
public sealed class UploadStateStore(string dir)
{
    private sealed record State(string Hub, string Repository, string Location);

    public string Dir { get; } = dir;

    public Uri? Get(Uri hub, string repository, Digest digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path)) return null;
        try
        {
            var state = JsonSerializer.Deserialize<State>(File.ReadAllBytes(path));
            if (state is null || state.Hub != hub.ToString() || state.Repository != repository) return null;
            return Uri.TryCreate(state.Location, UriKind.Absolute, out var location) ? location : null;
        }
        catch (JsonException) { return null; }
    }

    public Task SaveAsync(Uri hub, string repository, Digest digest, Uri location)
    {
        Directory.CreateDirectory(Dir);
        return AtomicFile.WriteAllBytesAsync(PathOf(digest), JsonSerializer.SerializeToUtf8Bytes(new State(hub.ToString(), repository, location.ToString())),
            UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Delete(Digest digest)
    {
        var path = PathOf(digest);
        if (File.Exists(path)) File.Delete(path);
    }

    private string PathOf(Digest digest) => Path.Combine(Dir, $"{digest.Algorithm}-{digest.Hex}.json");
}
