using System.Text;

namespace Gravity.Manifest.Validation;

/// <summary>Recognises the image formats a logo may have from their first bytes.</summary>
public static class ImageSniffer
{
    /// <summary>image/png, image/jpeg, image/gif, image/webp or image/svg+xml; null when the bytes are none of these.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return "image/gif";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return LooksLikeSvg(content) ? "image/svg+xml" : null;
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 4096)];
        string text;
        try { text = new UTF8Encoding(false, true).GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n'); }
        catch (DecoderFallbackException) { return false; }
        // An SVG file starts with an XML declaration, a comment or doctype, or the <svg element itself.
        if (!text.StartsWith('<')) return false;
        return text.Contains("<svg", StringComparison.Ordinal);
    }
}
