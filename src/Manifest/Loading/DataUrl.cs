namespace Gravity.Manifest;

/// <summary>RFC 2397 data: URLs with base64 content (data:image/png;base64,...).</summary>
public static class DataUrl
{
    public static string Encode(string mediaType, ReadOnlySpan<byte> content) =>
        $"data:{mediaType};base64,{Convert.ToBase64String(content)}";

    public static bool TryDecode(string url, out string mediaType, out byte[] content)
    {
        mediaType = "";
        content = [];
        if (!url.StartsWith("data:", StringComparison.Ordinal)) return false;
        var comma = url.IndexOf(',');
        if (comma < 0) return false;
        var header = url[5..comma];
        if (!header.EndsWith(";base64", StringComparison.Ordinal)) return false;
        mediaType = header[..^";base64".Length];
        try
        {
            content = Convert.FromBase64String(url[(comma + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
