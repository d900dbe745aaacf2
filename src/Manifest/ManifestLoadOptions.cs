namespace Gravity.Manifest;

public sealed class ManifestLoadOptions
{
    /// <summary>Source of ${VAR} values; the process environment by default.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Client for http(s):// fields; a private one when null.</summary>
    public HttpClient? Http { get; init; }

    /// <summary>Time allowed for each http(s) download (with either client).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest content accepted for one URI-loadable field.</summary>
    public long MaxFieldBytes { get; init; } = ManifestLimits.MaxFieldBytes;

    /// <summary>Folders besides the application's own (the folder of app.yaml) that file:// fields may read from
    /// (<c>tele build --allow-path</c>). Like a Docker or Helm build context, nothing else on the host is read.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];
}
