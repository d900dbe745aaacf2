using System.Security.Cryptography.X509Certificates;

namespace Gravity.Registry;

/// <param name="Authorization">The raw Authorization header, if any (e.g. "Basic ..." or "Bearer ...").</param>
/// <param name="Repository">The repository name, already validated; null for /v2/ and /v2/_catalog.</param>
/// <param name="Action">The action the route performs.</param>
/// <param name="RemoteAddress">The client's IP address, for logging and rate limiting.</param>
public sealed record AccessRequest(string? Authorization, string? Repository, RegistryAction Action, string? RemoteAddress)
{
    /// <summary>
    /// For a blob mount (POST ...?mount=&amp;from=): the repository the blob would come from. Pulling from it is checked
    /// separately, but a challenge should ask for that scope too, or clients fetch a token that cannot mount.
    /// </summary>
    public string? MountFrom { get; init; }

    /// <summary>The TLS client certificate the connection presented (already validated by the server), if any.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
