using System.Text.Json;
using Gravity.Core;

namespace Gravity.Hub.Client;

/// <summary>
/// tele's credentials file, <c>~/.gravity/tele/credentials.json</c> (or <c>$TELE_HOME/credentials.json</c>): folder 0700,
/// file 0600, replaced atomically.
/// </summary>
public sealed class CredentialsFile(string path)
{
    public const string HomeVariable = "TELE_HOME";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static string DefaultHome()
        => Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? home
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gravity", "tele");

    public static CredentialsFile Default() => new(System.IO.Path.Combine(DefaultHome(), "credentials.json"));

    public HubCredentials? Load()
    {
        if (!File.Exists(Path)) return null;
        try { return JsonSerializer.Deserialize<HubCredentials>(File.ReadAllBytes(Path)); }
        catch (JsonException e) { throw new GravityException($"{Path}: damaged credentials file ({e.Message}); run tele logout and log in again"); }
    }

    public async Task SaveAsync(HubCredentials credentials)
    {
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        if (!OperatingSystem.IsWindows())
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else Directory.CreateDirectory(dir);
        await AtomicFile.WriteAllBytesAsync(Path, JsonSerializer.SerializeToUtf8Bytes(credentials, Json), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public bool Delete()
    {
        if (!File.Exists(Path)) return false;
        File.Delete(Path);
        return true;
    }
}
