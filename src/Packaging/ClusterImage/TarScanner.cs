using System.Globalization;
using System.Text;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// Reads tar headers one after another (ustar, pax and GNU long names) and rejects anything a cluster image must not
/// contain: links, devices, fifos, unsafe names, bad header checksums. Data is read by the caller or skipped.
/// </summary>
public sealed class TarScanner
{
    private const int MaxMetadataSize = 1 << 20;
    private readonly Stream _stream;
    private long _position;
    private long _pendingSkip;

    public TarScanner(Stream stream, long startPosition = 0)
    {
        _stream = stream;
        _position = startPosition;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public long Position => _position;

    /// <summary>Whether <see cref="NextAsync"/> ended at the tar end marker (a zero block), not at the stream's end: a truncated or empty stream has none.</summary>
    public bool ReachedEndMarker { get; private set; }

    /// <summary>The next file or folder, or null at the end of the archive. Skips the unread data of the previous entry.</summary>
    public async Task<TarEntryHeader?> NextAsync(CancellationToken ct = default)
    {
        await SkipPendingAsync(ct).ConfigureAwait(false);
        string? longName = null;
        long? paxSize = null;
        string? comment = null;
        var header = new byte[TarHeaderEncoder.BlockSize];
        while (true)
        {
            var headerOffset = _position;
            if (!await ReadBlockAsync(header, ct).ConfigureAwait(false)) return null; // clean end without zero blocks
            if (header.All(b => b == 0))
            {
                ReachedEndMarker = true;
                return null;
            }
            VerifyChecksum(header, headerOffset);

            var type = header[156];
            var size = ParseNumber(header, 124, 12, headerOffset);
            var name = ReadName(header);
            switch (type)
            {
                case (byte)'x':
                {
                    var records = ParsePax(await ReadMetadataAsync(size, headerOffset, ct).ConfigureAwait(false), headerOffset);
                    if (records.TryGetValue("path", out var p)) longName = p;
                    if (records.TryGetValue("size", out var s))
                        paxSize = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(headerOffset, "invalid pax size");
                    if (records.TryGetValue("comment", out var c)) comment = c;
                    if (records.ContainsKey("linkpath")) throw Bad(headerOffset, "links are not allowed");
                    continue;
                }
                case (byte)'g':
                    await ReadMetadataAsync(size, headerOffset, ct).ConfigureAwait(false);
                    continue;
                case (byte)'L':
                    longName = Encoding.UTF8.GetString(await ReadMetadataAsync(size, headerOffset, ct).ConfigureAwait(false)).TrimEnd('\0');
                    continue;
                case (byte)'0' or 0 or (byte)'7' or (byte)'5':
                    break;
                case (byte)'1' or (byte)'2' or (byte)'K':
                    throw Bad(headerOffset, $"entry '{longName ?? name}' is a link; links are not allowed");
                default:
                    throw Bad(headerOffset, $"entry '{longName ?? name}' has unsupported type '{(char)type}'");
            }

            var fullName = longName ?? name;
            if (!ArchivePath.IsSafe(fullName, out var reason)) throw Bad(headerOffset, $"unsafe entry name '{fullName}': {reason}");
            var kind = type == (byte)'5' || (type is 0 && fullName.EndsWith('/')) ? TarEntryKind.Directory : TarEntryKind.File;
            var entrySize = kind == TarEntryKind.Directory ? 0 : paxSize ?? size;
            var mode = (UnixFileMode)(ParseNumber(header, 100, 8, headerOffset) & 0xFFF);
            var entry = new TarEntryHeader(kind == TarEntryKind.Directory ? fullName.TrimEnd('/') + "/" : fullName, kind, mode, entrySize, _position) { Comment = comment };
            _pendingSkip = TarHeaderEncoder.PaddedLength(kind == TarEntryKind.Directory ? size : entrySize);
            return entry;
        }
    }

    /// <summary>Reads the data of the entry <see cref="NextAsync"/> just returned, at most <paramref name="limit"/> bytes.</summary>
    public async Task<byte[]> ReadDataAsync(TarEntryHeader entry, long limit, CancellationToken ct = default)
    {
        if (entry.Size > limit) throw new InvalidDataException($"archive entry '{entry.Name}' is larger than {limit} bytes");
        var data = new byte[entry.Size];
        await _stream.ReadExactlyAsync(data, ct).ConfigureAwait(false);
        _position += data.Length;
        _pendingSkip -= data.Length;
        return data;
    }

    /// <summary>A stream over the data of the entry <see cref="NextAsync"/> just returned; read it before the next call.</summary>
    public Stream OpenData(TarEntryHeader entry)
    {
        var sub = new BoundedReadStream(_stream, entry.Size, leaveOpen: true);
        _pendingData = sub;
        return sub;
    }

    private BoundedReadStream? _pendingData;

    private async Task SkipPendingAsync(CancellationToken ct)
    {
        if (_pendingData is { } d)
        {
            _position += d.Consumed;
            _pendingSkip -= d.Consumed;
            _pendingData = null;
        }
        if (_pendingSkip <= 0) { _pendingSkip = 0; return; }
        if (_stream.CanSeek)
        {
            if (_position + _pendingSkip > _stream.Length) throw new InvalidDataException("archive is truncated");
            _stream.Seek(_pendingSkip, SeekOrigin.Current);
        }
        else
        {
            var buffer = new byte[81920];
            var left = _pendingSkip;
            while (left > 0)
            {
                var n = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
                if (n == 0) throw new InvalidDataException("archive is truncated");
                left -= n;
            }
        }
        _position += _pendingSkip;
        _pendingSkip = 0;
    }

    private async Task<bool> ReadBlockAsync(byte[] block, CancellationToken ct)
    {
        var read = await _stream.ReadAtLeastAsync(block, block.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (read == 0) return false;
        if (read < block.Length) throw new InvalidDataException($"archive is truncated at offset {_position + read}");
        _position += block.Length;
        return true;
    }

    private async Task<byte[]> ReadMetadataAsync(long size, long headerOffset, CancellationToken ct)
    {
        if (size is < 0 or > MaxMetadataSize) throw Bad(headerOffset, "extended header too large");
        var padded = TarHeaderEncoder.PaddedLength(size);
        var data = new byte[padded];
        await _stream.ReadExactlyAsync(data, ct).ConfigureAwait(false);
        _position += padded;
        return data.AsSpan(0, (int)size).ToArray();
    }

    private static Dictionary<string, string> ParsePax(byte[] data, long headerOffset)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', i);
            if (space < 0) throw Bad(headerOffset, "malformed pax record");
            if (!int.TryParse(Encoding.ASCII.GetString(data, i, space - i), NumberStyles.None, CultureInfo.InvariantCulture, out var len)
                || len <= space - i || i + len > data.Length || data[i + len - 1] != (byte)'\n')
                throw Bad(headerOffset, "malformed pax record");
            var record = Encoding.UTF8.GetString(data, space + 1, i + len - space - 2);
            var eq = record.IndexOf('=');
            if (eq <= 0) throw Bad(headerOffset, "malformed pax record");
            result[record[..eq]] = record[(eq + 1)..];
            i += len;
        }
        return result;
    }

    private static string ReadName(byte[] h)
    {
        var name = CString(h, 0, 100);
        var isUstar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        if (isUstar && h[263] == '0')
        {
            var prefix = CString(h, 345, 155);
            if (prefix.Length > 0) name = prefix + "/" + name;
        }
        return name;
    }

    private static string CString(byte[] h, int offset, int length)
    {
        var span = h.AsSpan(offset, length);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    private static long ParseNumber(byte[] h, int offset, int length, long headerOffset)
    {
        if ((h[offset] & 0x80) != 0)
        {
            long big = h[offset] & 0x7F;
            for (var i = 1; i < length; i++) big = checked((big << 8) | h[offset + i]);
            return big;
        }
        var text = Encoding.ASCII.GetString(h, offset, length).Trim('\0', ' ');
        if (text.Length == 0) return 0;
        try { return Convert.ToInt64(text, 8); }
        catch (FormatException) { throw Bad(headerOffset, $"invalid number '{text}' in header"); }
    }

    private static void VerifyChecksum(byte[] h, long headerOffset)
    {
        var expected = ParseNumber(h, 148, 8, headerOffset);
        long sum = 0;
        for (var i = 0; i < h.Length; i++) sum += i is >= 148 and < 156 ? ' ' : h[i];
        if (sum != expected) throw Bad(headerOffset, "tar header checksum mismatch");
    }

    private static InvalidDataException Bad(long offset, string message) => new($"invalid archive at offset {offset}: {message}");
}
