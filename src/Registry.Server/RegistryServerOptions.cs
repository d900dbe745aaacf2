namespace Gravity.Registry.Server;

/// <summary>How a registry server listens and where it keeps its data.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>host:port to listen on ("127.0.0.1:5000", "[::1]:5000", "0.0.0.0:5000", ":5000"); port 0 picks a free port.</summary>
    public string Listen { get; init; } = "127.0.0.1:5000";

    /// <summary>More host:port endpoints to listen on as well (the cluster registry: its advertise address and loopback).</summary>
    public IReadOnlyList<string> AlsoListen { get; init; } = [];

    /// <summary>
    /// PEM file of the CA whose client certificates the TLS server requests (not requires): holders may do everything,
    /// others only read and only from the addresses listened on (<see cref="Gravity.Registry.ClientCertificateAccessControl"/>).
    /// Needs TLS.
    /// </summary>
    public string? ClientCaPath { get; init; }

    /// <summary>Root folder of blobs, repositories and uploads (see docs/registry-storage.md).</summary>
    public required string DataDir { get; init; }

    public string? TlsCertPath { get; init; }
    public string? TlsKeyPath { get; init; }

    /// <summary>Serve TLS with a certificate generated (once, kept in DataDir/tls) for 127.0.0.1/localhost.</summary>
    public bool SelfSignedTls { get; init; }

    /// <summary>Uploads untouched for this long are removed.</summary>
    public TimeSpan UploadTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often abandoned uploads are looked for.</summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest manifest accepted (bytes).</summary>
    public long MaxManifestSize { get; init; } = 4 * 1024 * 1024;
}
