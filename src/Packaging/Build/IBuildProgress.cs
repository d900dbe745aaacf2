using Gravity.Oci;
using Gravity.Oci.Transfer;

namespace Gravity.Packaging.Build;

/// <summary>What a build reports while it runs (the CLI draws bars or prints lines from it).</summary>
public interface IBuildProgress
{
    /// <summary>A step of the build starts ("Loading app.yaml", "Writing example-1.0.0.tar").</summary>
    void Stage(string message);

    /// <summary>An image is about to be fetched from <paramref name="source"/> (a registry host, an OCI layout, a docker archive).</summary>
    void ImageStarted(ImageReference image, string source);

    /// <summary>A blob of an image moved (or was found in the cache).</summary>
    void Transfer(TransferProgress progress);

    /// <summary>An image and all its blobs are in the cache.</summary>
    void ImageFinished(ImageReference image, long size, long downloaded);

    /// <summary>Bytes of the output written so far, out of <paramref name="total"/>.</summary>
    void Writing(long written, long total);
}
