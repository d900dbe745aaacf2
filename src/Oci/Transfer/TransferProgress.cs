using Gravity.Oci.Model;

namespace Gravity.Oci.Transfer;

public enum TransferState
{
    /// <summary>Bytes are moving; <see cref="TransferProgress.BytesDone"/> grows.</summary>
    Transferring,
    /// <summary>The blob arrived and was verified.</summary>
    Done,
    /// <summary>The destination already had the blob: nothing was transferred.</summary>
    Skipped,
}

/// <summary>One blob's transfer state within an image pull or push.</summary>
public sealed record TransferProgress(ImageReference Image, Descriptor Blob, long BytesDone, long Total, TransferState State)
{
    public Digest Digest => Blob.Digest;
}
