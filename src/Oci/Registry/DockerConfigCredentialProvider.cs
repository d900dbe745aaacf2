using System.Text;
using System.Text.Json;
using Gravity.Core;

namespace Gravity.Oci.Registry;

/// <summary>
/// Credentials from a Docker client config (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>):
/// <c>auths.&lt;host&gt;.auth</c> (base64 user:password) or <c>username</c>/<c>password</c>. Credential helpers are not run.
/// </summary>
public sealed class DockerConfigCredentialProvider : ICredentialProvider
{
    private readonly Dictionary<string, RegistryCredentials> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public DockerConfigCredentialProvider(string? path = null)
    {
        Path = path ?? DefaultPath();
        if (!File.Exists(Path)) return;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path));
            if (!doc.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return;
            foreach (var entry in auths.EnumerateObject())
            {
                if (Read(entry.Value) is { } creds) _byHost[RegistryHosts.Normalize(entry.Name)] = creds;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new GravityException($"{Path}: cannot read registry credentials: {ex.Message}", ex);
        }
    }

    public string Path { get; }

    public static string DefaultPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
            dir = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return System.IO.Path.Combine(dir, "config.json");
    }

    public RegistryCredentials? GetCredentials(string registry)
    {
        var host = RegistryHosts.Normalize(registry);
        if (_byHost.TryGetValue(host, out var c)) return c;
        if (RegistryHosts.IsDockerHub(host))
            foreach (var (key, value) in _byHost)
                if (RegistryHosts.IsDockerHub(key)) return value;
        return null;
    }

    private static RegistryCredentials? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        if (e.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':');
            if (colon < 0) throw new FormatException("an 'auth' value is not base64 of user:password");
            return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
        }
        if (e.TryGetProperty("username", out var u) && e.TryGetProperty("password", out var p) && u.GetString() is { } user)
            return new RegistryCredentials(user, p.GetString() ?? "");
        return null;
    }
}
