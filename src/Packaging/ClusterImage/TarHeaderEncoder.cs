using System.Text;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// Encodes POSIX ustar headers, with a pax extended header in front only when a name or size does not fit ustar.
/// Every field other than name, mode, size and type is constant, which is what makes the archives reproducible.
/// </summary>
internal static class TarHeaderEncoder
{
    public const int BlockSize = 512;
    public const long MaxUstarSize = 0x1FFFFFFFF; // 11 octal digits: 8 GiB - 1

    /// <summary>2000-01-01T00:00:00Z: the modification time of every entry.</summary>
    public const long FixedModificationTime = 946684800;

    /// <param name="comment">Recorded as a pax <c>comment</c> record, which every tar reader ignores silently.</param>
    public static byte[] Encode(string name, UnixFileMode mode, long size, byte typeFlag, string? comment = null)
    {
        var pax = new List<(string Key, string Value)>();
        if (comment is not null) pax.Add(("comment", comment));
        if (!TrySplitUstarName(name, out var prefix, out var shortName))
        {
            pax.Add(("path", name));
            (prefix, shortName) = ("", Truncate(name));
        }
        if (size > MaxUstarSize) pax.Add(("size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var header = Block(shortName, prefix, mode, size > MaxUstarSize ? 0 : size, typeFlag);
        if (pax.Count == 0) return header;

        var records = PaxRecords(pax);
        var paxHeader = Block(Truncate("PaxHeaders/" + shortName), "", ArchiveEntry.RegularMode, records.Length, (byte)'x');
        var result = new byte[paxHeader.Length + PaddedLength(records.Length) + header.Length];
        paxHeader.CopyTo(result, 0);
        records.CopyTo(result, paxHeader.Length);
        header.CopyTo(result, paxHeader.Length + PaddedLength(records.Length));
        return result;
    }

    public static long PaddedLength(long size) => (size + BlockSize - 1) / BlockSize * BlockSize;

    private static byte[] Block(string name, string prefix, UnixFileMode mode, long size, byte typeFlag)
    {
        var h = new byte[BlockSize];
        Put(h, 0, 100, Encoding.UTF8.GetBytes(name));
        Octal(h, 100, 8, (long)mode & 0xFFF);
        Octal(h, 108, 8, 0); // uid
        Octal(h, 116, 8, 0); // gid
        Octal(h, 124, 12, size);
        Octal(h, 136, 12, FixedModificationTime);
        h[156] = typeFlag;
        Put(h, 257, 6, "ustar\0"u8.ToArray());
        Put(h, 263, 2, "00"u8.ToArray());
        // uname, gname (265, 297) stay empty; devmajor/devminor (329, 337) are zero.
        Octal(h, 329, 8, 0);
        Octal(h, 337, 8, 0);
        Put(h, 345, 155, Encoding.UTF8.GetBytes(prefix));
        for (var i = 148; i < 156; i++) h[i] = (byte)' ';
        var sum = 0;
        foreach (var b in h) sum += b;
        var chk = Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0'));
        Put(h, 148, 6, chk);
        h[154] = 0;
        h[155] = (byte)' ';
        return h;
    }

    private static bool TrySplitUstarName(string name, out string prefix, out string shortName)
    {
        prefix = "";
        shortName = name;
        if (name.Any(c => c > 0x7E || c < 0x20)) return false;
        if (name.Length <= 100) return true;
        for (var i = name.IndexOf('/'); i >= 0; i = name.IndexOf('/', i + 1))
        {
            if (i > 155) break;
            if (name.Length - i - 1 is > 0 and <= 100)
            {
                prefix = name[..i];
                shortName = name[(i + 1)..];
                return true;
            }
        }
        return false;
    }

    private static string Truncate(string s)
    {
        var ascii = new string(s.Select(c => c is > (char)0x7E or < (char)0x20 ? '_' : c).ToArray());
        return ascii.Length <= 100 ? ascii : ascii[^100..];
    }

    private static byte[] PaxRecords(IEnumerable<(string Key, string Value)> records)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var body = Encoding.UTF8.GetByteCount($" {key}={value}\n");
            var length = body + body.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            if (length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + body != length) length++;
            sb.Append(length).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Put(byte[] h, int offset, int length, byte[] value)
    {
        if (value.Length > length) throw new ArgumentException("tar header field too long");
        value.CopyTo(h, offset);
    }

    private static void Octal(byte[] h, int offset, int length, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Put(h, offset, length - 1, Encoding.ASCII.GetBytes(digits));
        h[offset + length - 1] = 0;
    }
}
