using System.Security.Cryptography;
using Gravity.Core.IO;
using Gravity.Oci;

namespace Gravity.Packaging.ClusterImage;

/// <summary>Hashes everything read through it (and cannot seek, so a reader skipping data reads it instead): one pass gives entries and file digest.</summary>
internal sealed class HashingReadStream(Stream inner) : ReadOnlyWrapperStream(inner, leaveOpen: true)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public Digest Digest() => Oci.Digest.Sha256(_hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await Inner.ReadAsync(buffer, ct).ConfigureAwait(false);
        _hash.AppendData(buffer.Span[..n]);
        BytesRead += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
