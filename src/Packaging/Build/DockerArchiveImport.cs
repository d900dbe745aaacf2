using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Packaging.Build;

/// <summary>Seam over the OCI library's docker save importer.</summary>
internal static class DockerArchiveImport
{
    public static Task<IReadOnlyList<(IReadOnlyList<string> RepoTags, Descriptor Root)>> ImportAsync(string archive, ContentStore store, CancellationToken ct)
        => throw new GravityException($"{archive}: docker save archives are not supported yet");
}
