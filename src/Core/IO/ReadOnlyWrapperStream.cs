namespace Gravity.Core.IO;

/// <summary>
/// Base of the forward-only read streams that wrap another stream (verifying, counting, bounding): the parts every
/// such wrapper has in common, so that each subclass states only what it does to the bytes that pass.
/// </summary>
public abstract class ReadOnlyWrapperStream(Stream inner, bool leaveOpen) : Stream
{
    protected Stream Inner { get; } = inner;

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) Inner.Dispose();
        base.Dispose(disposing);
    }
}
