namespace Gravity.Oci.Registry;

/// <summary>Registry names as users write them versus the hosts that serve the API.</summary>
public static class RegistryHosts
{
    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>Docker Hub's API is not served at docker.io itself.</summary>
    public static string ApiHost(string registry) => IsDockerHub(registry) ? "registry-1.docker.io" : registry;

    public static bool IsDockerHub(string registry) => DockerHubAliases.Contains(Normalize(registry), StringComparer.OrdinalIgnoreCase);

    /// <summary>A config.json key ("https://index.docker.io/v1/", "http://host:5000", "host:5000") reduced to host[:port].</summary>
    public static string Normalize(string key)
    {
        var s = key.Trim();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) s = s[(scheme + 3)..];
        var slash = s.IndexOf('/');
        if (slash >= 0) s = s[..slash];
        return s.ToLowerInvariant();
    }

    public static bool Same(string a, string b)
    {
        var na = Normalize(a);
        var nb = Normalize(b);
        return na == nb || (IsDockerHub(na) && IsDockerHub(nb));
    }
}
