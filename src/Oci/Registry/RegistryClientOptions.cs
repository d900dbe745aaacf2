namespace Gravity.Oci.Registry;

public sealed record RegistryClientOptions
{
    public ICredentialProvider? Credentials { get; init; }

    /// <summary>Allows plain HTTP (and unverified TLS), as Docker's insecure registries: HTTPS is tried first.</summary>
    public bool Insecure { get; init; }

    /// <summary>Where insecure registries found to speak plain HTTP are remembered across runs (none: probed every run).</summary>
    public PlainHttpRegistries? PlainHttpMemory { get; init; }

    /// <summary>PEM file of the CA that registry certificates must chain to (instead of the system store).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>PEM files of a TLS client certificate and its key, presented to registries that ask for one (the cluster registry).</summary>
    public string? ClientCertificatePath { get; init; }

    public string? ClientKeyPath { get; init; }

    /// <summary>Attempts after the first one for network errors, 5xx and 429.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Blobs up to this size are uploaded in one PUT; larger ones in PATCH chunks of <see cref="UploadChunkSize"/>.</summary>
    public long MonolithicUploadLimit { get; init; } = 16L << 20;

    public long UploadChunkSize { get; init; } = 16L << 20;

    /// <summary>Time allowed to connect and to receive response headers (bodies stream without a total limit).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ResponseHeadersTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = "gravity/1.0";

    /// <summary>Entries asked for per page of tag and catalog listings (the rest follows the Link header).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Largest manifest or index accepted (they are read into memory).</summary>
    public int MaxManifestBytes { get; init; } = 4 << 20;
}
