namespace Gravity.Registry;

/// <summary>
/// A check a manifest must pass before the registry stores it, beyond the registry's own (valid schema, referenced
/// content present): the Hub uses it to refuse cluster image artifacts whose parts do not match their head.
/// </summary>
public interface IManifestAdmission
{
    /// <summary>Throws <see cref="RegistryErrorException"/> (MANIFEST_INVALID) to refuse; its blobs are already in the repository.</summary>
    Task CheckAsync(RegistryStorage storage, string repository, string reference, byte[] content, ParsedManifest manifest, CancellationToken ct);
}
