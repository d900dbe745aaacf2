namespace Gravity.Oci.Registry;

/// <summary>A user name and password (or token) for one registry. ToString never shows the secret.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public override string ToString() => $"RegistryCredentials {{ Username = {Username} }}";
}

/// <summary>Looks up credentials for a registry host (<c>host[:port]</c>, <c>docker.io</c> for Docker Hub).</summary>
public interface ICredentialProvider
{
    RegistryCredentials? GetCredentials(string registry);
}

/// <summary>The same credentials for every registry, or for one registry only (from command-line flags).</summary>
public sealed class StaticCredentialProvider(string username, string password, string? registry = null) : ICredentialProvider
{
    public RegistryCredentials? GetCredentials(string forRegistry)
        => registry is null || RegistryHosts.Same(registry, forRegistry) ? new RegistryCredentials(username, password) : null;
}

/// <summary>Tries providers in order (e.g. flags, then ~/.docker/config.json).</summary>
public sealed class ChainedCredentialProvider(params ICredentialProvider[] providers) : ICredentialProvider
{
    public RegistryCredentials? GetCredentials(string registry)
    {
        foreach (var p in providers)
            if (p.GetCredentials(registry) is { } c) return c;
        return null;
    }
}
