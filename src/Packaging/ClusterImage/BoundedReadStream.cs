namespace Gravity.Packaging.ClusterImage;

/// <summary>A read-only window of <c>length</c> bytes from the current position of another stream.</summary>
internal sealed class BoundedReadStream(Stream inner, long length, bool leaveOpen) : Stream
{
    private long _consumed;

    public long Consumed => _consumed;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var max = (int)Math.Min(buffer.Length, length - _consumed);
        if (max <= 0) return 0;
        var n = inner.Read(buffer[..max]);
        if (n == 0) throw new InvalidDataException("archive is truncated");
        _consumed += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var max = (int)Math.Min(buffer.Length, length - _consumed);
        if (max <= 0) return 0;
        var n = await inner.ReadAsync(buffer[..max], ct).ConfigureAwait(false);
        if (n == 0) throw new InvalidDataException("archive is truncated");
        _consumed += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _consumed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
