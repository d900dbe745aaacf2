using Gravity.Oci.Content;

namespace Gravity.Oci.Model;

/// <summary>The blobs an image consists of: an index, its manifests, their configs and layers.</summary>
public static class ImageGraph
{
    /// <summary>
    /// Every descriptor reachable from <paramref name="root"/> (root first, parents before children, each digest once).
    /// Manifests and indexes are read (verified) from the store; a missing one throws <see cref="BlobNotFoundException"/>.
    /// </summary>
    public static IReadOnlyList<Descriptor> Walk(ContentStore store, Descriptor root)
        => Walk(root, d => store.ReadAllBytesAsync(d.Digest).GetAwaiter().GetResult());

    public static IReadOnlyList<Descriptor> Walk(Descriptor root, Func<Descriptor, byte[]> readDocument)
    {
        var seen = new HashSet<Digest>();
        var result = new List<Descriptor>();
        var pending = new Stack<Descriptor>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            if (!seen.Add(d.Digest)) continue;
            result.Add(d);
            var children = Children(d, () => readDocument(d));
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
        return result;
    }

    /// <summary>The direct children of a manifest or index (empty for configs and layers).</summary>
    public static IReadOnlyList<Descriptor> Children(Descriptor descriptor, Func<byte[]> readDocument)
    {
        if (MediaTypes.IsIndex(descriptor.MediaType))
            return OciJson.Deserialize<ImageIndex>(readDocument()).Manifests;
        if (MediaTypes.IsManifest(descriptor.MediaType))
        {
            var m = OciJson.Deserialize<ImageManifest>(readDocument());
            return [m.Config, .. m.Layers];
        }
        return [];
    }

    /// <summary>The direct children of a manifest or index document already in memory.</summary>
    public static IReadOnlyList<Descriptor> Children(string mediaType, byte[] document)
        => Children(new Descriptor { MediaType = mediaType }, () => document);

    /// <summary>Total bytes of the distinct blobs reachable from the roots.</summary>
    public static long UniqueSize(ContentStore store, IEnumerable<Descriptor> roots)
    {
        var seen = new HashSet<Digest>();
        long total = 0;
        foreach (var root in roots)
        foreach (var d in Walk(store, root))
            if (seen.Add(d.Digest)) total += d.Size;
        return total;
    }
}
