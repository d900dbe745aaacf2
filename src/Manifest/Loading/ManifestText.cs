using System.Buffers;
using System.Text;

namespace Gravity.Manifest.Loading;

/// <summary>Decodes manifest bytes as strict UTF-8: a byte sequence that is not UTF-8 is an error at its line and
/// column, never silently replaced by U+FFFD.</summary>
internal static class ManifestText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(byte[] bytes, out string text, out int line, out int column)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        line = column = 0;
        try
        {
            text = Strict.GetString(bytes, start, bytes.Length - start);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            (line, column) = FirstInvalid(bytes.AsSpan(start));
            return false;
        }
    }

    /// <summary>Line and column (1-based, counted in characters) of the first byte that is not part of valid UTF-8.</summary>
    private static (int Line, int Column) FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        int line = 1, column = 1;
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) != OperationStatus.Done) break;
            if (rune.Value == '\n') { line++; column = 1; }
            else column++;
            bytes = bytes[consumed..];
        }
        return (line, column);
    }
}
