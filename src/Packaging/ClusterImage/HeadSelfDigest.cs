using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// head.json checks itself: its top-level <c>headDigest</c> is the sha256 of the file's own bytes with the 64 hex
/// digits of that value read as zeros. The check travels with the file (a tar header's pax comment is lost once the
/// image is untarred), so a damaged head is refused in a folder as in a tar, and it is mandatory: a head without it is
/// refused, never read unchecked.
/// </summary>
public static class HeadSelfDigest
{
    public const string Field = "headDigest";
    private const string Prefix = "sha256:";
    private const int HexLength = 64;

    /// <summary>The value a writer puts in <see cref="Field"/> before sealing.</summary>
    public static readonly Oci.Digest Placeholder = Oci.Digest.Parse(Prefix + new string('0', HexLength));

    /// <summary>Writes the self-digest into <paramref name="json"/> (which holds <see cref="Placeholder"/>) and returns it.</summary>
    public static byte[] Seal(byte[] json)
    {
        var at = LocateHex(json);
        json.AsSpan(at, HexLength).Fill((byte)'0');
        var hex = Convert.ToHexStringLower(SHA256.HashData(json));
        Encoding.ASCII.GetBytes(hex, json.AsSpan(at, HexLength));
        return json;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="json"/> carries a self-digest matching its content.</summary>
    public static void Verify(ReadOnlySpan<byte> json)
    {
        var at = LocateHex(json);
        var copy = json.ToArray();
        var recorded = Encoding.ASCII.GetString(copy, at, HexLength);
        copy.AsSpan(at, HexLength).Fill((byte)'0');
        var actual = Convert.ToHexStringLower(SHA256.HashData(copy));
        if (actual != recorded)
            throw new InvalidDataException($"{ClusterImageLayout.HeadPath} is damaged: its content has digest {Prefix}{actual}, its {Field} records {Prefix}{recorded}");
    }

    /// <summary>Where the hex digits of the one top-level headDigest string start.</summary>
    private static int LocateHex(ReadOnlySpan<byte> json)
    {
        var found = -1;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: not a JSON object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isField = reader.ValueTextEquals(Field);
                reader.Read();
                if (!isField)
                {
                    reader.Skip();
                    continue;
                }
                if (found >= 0) throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: {Field} appears twice");
                var value = reader.ValueSpan;
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || value.Length != Prefix.Length + HexLength
                    || !value.StartsWith(Encoding.ASCII.GetBytes(Prefix)) || !IsLowerHex(value[Prefix.Length..]))
                    throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: {Field} must be \"{Prefix}\" and 64 lower-case hex digits");
                found = (int)reader.TokenStartIndex + 1 + Prefix.Length;
            }
            while (reader.Read()) { } // trailing data after the object fails here
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: {ex.Message}", ex);
        }
        return found >= 0 ? found
            : throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: no {Field}: the head cannot be checked (not written by tele build, or damaged)");
    }

    private static bool IsLowerHex(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (b is not (>= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f')) return false;
        return true;
    }
}
