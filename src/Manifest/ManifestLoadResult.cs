namespace Gravity.Manifest;

/// <summary>The outcome of loading a manifest: the model and final YAML when there are no errors; every error otherwise.</summary>
public sealed record ManifestLoadResult(AppManifest? Manifest, IReadOnlyList<ManifestError> Errors, string? FinalYaml)
{
    /// <summary>The content inlined into URI-loadable fields, in the order of the fields (what --dry-run lists).</summary>
    public IReadOnlyList<InlinedContent> Inlined { get; init; } = [];

    public bool Succeeded => Errors.Count == 0 && Manifest is not null;

    /// <summary>All errors, one per line, for printing.</summary>
    public string ErrorText => string.Join(Environment.NewLine, Errors.Select(e => e.ToString()));

    /// <summary>The manifest, or a <see cref="Gravity.Core.GravityException"/> listing every error.</summary>
    public AppManifest EnsureSuccess() =>
        Succeeded ? Manifest! : throw new Gravity.Core.GravityException("invalid application manifest:" + Environment.NewLine + ErrorText);
}
