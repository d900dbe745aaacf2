namespace Gravity.Oci.Content;

/// <summary>Read-through stream reporting the cumulative number of bytes read; optionally reads at most <c>limit</c> bytes of a shared stream without owning it.</summary>
public sealed class ProgressReadStream(Stream inner, IProgress<long>? progress, long? limit = null, bool leaveOpen = false, long initial = 0) : Stream
{
    private long _read;

    public long BytesRead => _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0) return 0;
        var n = inner.Read(buffer[..allowed]);
        return Account(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0) return 0;
        var n = await inner.ReadAsync(buffer[..allowed], ct).ConfigureAwait(false);
        return Account(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Allowed(int requested) => limit is { } l ? (int)Math.Min(requested, l - _read) : requested;

    private int Account(int n)
    {
        if (n > 0)
        {
            _read += n;
            progress?.Report(initial + _read);
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => limit ?? throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
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
