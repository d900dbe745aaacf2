using System.Text.Json;
using Gravity.Oci;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// The container images of a cluster image agree with its head: every image the head lists is in packages/index.json
/// (same digest, media type and cluster registry name), and every manifest, config and layer reachable from the index is
/// a listed entry of the right size. Shared by <c>tele verify</c> and <c>gravity install</c>, so a head whose images
/// were changed is refused before anything is pushed anywhere.
/// </summary>
public static class ClusterImageContentCheck
{
    /// <param name="find">The head's entry of that name, or null.</param>
    /// <param name="readDocument">The bytes of a listed manifest or index entry, verified against its digest.</param>
    public static IReadOnlyList<string> Check(ClusterImageHead head, Func<string, ArchiveEntry?> find, Func<string, byte[]> readDocument)
    {
        var problems = new List<string>();
        if (find(ClusterImageLayout.OciIndexFile) is not { } indexEntry) return [$"{ClusterImageLayout.OciIndexFile}: not listed in {ClusterImageLayout.HeadPath}"];
        if (find(ClusterImageLayout.IndexPath) is { } headIndex && headIndex.Digest != indexEntry.Digest)
            problems.Add($"{ClusterImageLayout.IndexPath}: differs from {ClusterImageLayout.OciIndexFile}");
        ImageIndex index;
        try
        {
            index = OciJson.Deserialize<ImageIndex>(readDocument(ClusterImageLayout.OciIndexFile));
            if (index.Manifests is null) return [$"{ClusterImageLayout.OciIndexFile}: no manifests"];
        }
        catch (JsonException ex)
        {
            return [$"{ClusterImageLayout.OciIndexFile}: {ex.Message}"];
        }

        foreach (var root in index.Manifests)
        {
            var refName = root.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation) ?? root.Digest.ToString();
            try
            {
                foreach (var d in ImageGraph.Walk(root, desc => ReadBlob(desc, find, readDocument)))
                {
                    var entry = find(ClusterImageLayout.BlobPath(d.Digest));
                    if (entry is null) problems.Add($"{ClusterImageLayout.BlobPath(d.Digest)}: not listed in {ClusterImageLayout.HeadPath} (needed by image {refName})");
                    else if (entry.Size != d.Size) problems.Add($"{entry.Name}: {entry.Size} bytes, image {refName} says {d.Size}");
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or JsonException)
            {
                problems.Add($"image {refName}: {ex.Message}");
            }
        }
        for (var i = 0; i < head.Images.Count; i++)
        {
            var image = head.Images[i];
            var inIndex = index.Manifests.Where(m => m.Digest == image.Digest).ToList();
            var field = $"{ClusterImageLayout.HeadPath}: images[{i}] ({image.Reference})";
            if (inIndex.Count == 0) problems.Add($"{field}: digest {image.Digest} is not in {ClusterImageLayout.OciIndexFile}");
            else if (inIndex.All(m => m.MediaType != image.MediaType)) problems.Add($"{field}: media type {image.MediaType}, {ClusterImageLayout.OciIndexFile} says {inIndex[0].MediaType}");
            else if (image.Rewritten.Length > 0 && inIndex.All(m => m.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation) != image.Rewritten))
                problems.Add($"{field}: {image.Rewritten} is not the name {ClusterImageLayout.OciIndexFile} gives {image.Digest}");
        }
        return problems;
    }

    private static byte[] ReadBlob(Descriptor d, Func<string, ArchiveEntry?> find, Func<string, byte[]> readDocument)
    {
        var name = ClusterImageLayout.BlobPath(d.Digest);
        if (find(name) is not { } entry) throw new InvalidDataException($"{name}: not listed in {ClusterImageLayout.HeadPath}");
        if (entry.Size > 4 << 20) throw new InvalidDataException($"{name}: a manifest of {entry.Size} bytes is larger than 4 MiB");
        return readDocument(name);
    }
}
