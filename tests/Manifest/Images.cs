namespace Gravity.Manifest.Tests;

/// <summary>The first bytes of each image format (enough for format detection).</summary>
internal static class Images
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46];
    public static readonly byte[] Gif = "GIF89a\x01\0\x01\0"u8.ToArray();
    public static readonly byte[] WebP = "RIFF\x24\0\0\0WEBPVP8 "u8.ToArray();
    public static readonly byte[] Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray();
}
