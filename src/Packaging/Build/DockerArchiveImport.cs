using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;

namespace Gravity.Packaging.Build;

/// <summary>Imports every image of a docker save archive into the store (blobs verified; converted to OCI manifests).</summary>
internal static class DockerArchiveImport
{
    public static async Task<IReadOnlyList<(IReadOnlyList<string> RepoTags, Descriptor Root)>> ImportAsync(string archive, ContentStore store, CancellationToken ct)
    {
        try
        {
            return await DockerArchive.ImportAsync(archive, store, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new GravityException($"{archive}: not a valid docker save archive: {ex.Message}", ex);
        }
    }
}
