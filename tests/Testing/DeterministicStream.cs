namespace Gravity.Testing;

/// <summary>A read-only stream of <c>length</c> pseudo-random bytes that are the same for the same seed on every run.</summary>
public sealed class DeterministicStream(int seed, long length) : Stream
{
    private Random _random = new(seed);
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        if (n <= 0) return 0;
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    // Seekable so TarWriter can take it as an entry's data: seeking regenerates the sequence up to the new position.
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        if (target < 0 || target > length) throw new ArgumentOutOfRangeException(nameof(offset));
        if (target < _position)
        {
            _random = new Random(seed);
            _position = 0;
        }
        var skip = new byte[8192];
        while (_position < target && Read(skip.AsSpan(0, (int)Math.Min(skip.Length, target - _position))) > 0) { }
        return _position;
    }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
