using Gravity.Core.IO;

namespace Gravity.Oci.Content;

/// <summary>Read-through stream reporting the cumulative number of bytes read; optionally reads at most <c>limit</c> bytes of a shared stream without owning it.</summary>
public sealed class ProgressReadStream(Stream inner, IProgress<long>? progress, long? limit = null, bool leaveOpen = false, long initial = 0)
    : ReadOnlyWrapperStream(inner, leaveOpen)
{
    private long _read;

    public long BytesRead => _read;

    public override int Read(Span<byte> buffer)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0) return 0;
        var n = Inner.Read(buffer[..allowed]);
        return Account(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0) return 0;
        var n = await Inner.ReadAsync(buffer[..allowed], ct).ConfigureAwait(false);
        return Account(n);
    }

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

    public override long Length => limit ?? throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
}
