using System.Security.Cryptography;
using Gravity.Core.IO;

namespace Gravity.Oci.Content;

/// <summary>
/// Read-through stream that hashes what passes and throws <see cref="DigestMismatchException"/> at end of stream
/// when the content does not match. Consumers therefore never finish reading unverified content.
/// </summary>
public sealed class VerifyingReadStream : ReadOnlyWrapperStream
{
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly IncrementalHash _hash;
    private readonly string? _source;
    private long _read;
    private bool _verified;

    public VerifyingReadStream(Stream inner, Digest expected, long? expectedSize = null, bool leaveOpen = false, string? source = null)
        : base(inner, leaveOpen)
    {
        _expected = expected;
        _expectedSize = expectedSize;
        _hash = expected.CreateHash();
        _source = source;
    }

    public long BytesRead => _read;

    public override int Read(Span<byte> buffer)
    {
        // A zero-length read says nothing about end of stream; it must not trigger verification.
        if (buffer.IsEmpty) return 0;
        var n = Inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty) return 0;
        var n = await Inner.ReadAsync(buffer, ct).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _read += data.Length;
            if (_expectedSize is { } max && _read > max)
                throw new DigestMismatchException(_expected, $"more than {max} bytes", _source);
            _hash.AppendData(data);
            return data.Length;
        }
        Verify();
        return 0;
    }

    private void Verify()
    {
        if (_verified) return;
        _verified = true;
        if (_expectedSize is { } size && _read != size)
            throw new DigestMismatchException(_expected, $"{_read} bytes instead of {size}", _source);
        Span<byte> h = stackalloc byte[64];
        var len = _hash.GetHashAndReset(h);
        var actual = Convert.ToHexStringLower(h[..len]);
        if (actual != _expected.Hex)
            throw new DigestMismatchException(_expected, $"{_expected.Algorithm}:{actual}", _source);
    }

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
