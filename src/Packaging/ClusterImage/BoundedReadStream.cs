using Gravity.Core.IO;

namespace Gravity.Packaging.ClusterImage;

/// <summary>A read-only window of <c>length</c> bytes from the current position of another stream.</summary>
internal sealed class BoundedReadStream(Stream inner, long length, bool leaveOpen) : ReadOnlyWrapperStream(inner, leaveOpen)
{
    private long _consumed;

    public long Consumed => _consumed;

    public override int Read(Span<byte> buffer)
    {
        var max = (int)Math.Min(buffer.Length, length - _consumed);
        if (max <= 0) return 0;
        var n = Inner.Read(buffer[..max]);
        if (n == 0) throw new InvalidDataException("archive is truncated");
        _consumed += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var max = (int)Math.Min(buffer.Length, length - _consumed);
        if (max <= 0) return 0;
        var n = await Inner.ReadAsync(buffer[..max], ct).ConfigureAwait(false);
        if (n == 0) throw new InvalidDataException("archive is truncated");
        _consumed += n;
        return n;
    }

    public override long Length => length;
    public override long Position { get => _consumed; set => throw new NotSupportedException(); }
}
