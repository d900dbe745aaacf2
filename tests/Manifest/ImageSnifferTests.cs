using Gravity.Manifest.Validation;

namespace Gravity.Manifest.Tests;

public class ImageSnifferTests
{
    public static TheoryData<byte[], string> KnownImages => new()
    {
        { Images.Png, "image/png" },
        { Images.Jpeg, "image/jpeg" },
        { Images.Gif, "image/gif" },
        { Images.WebP, "image/webp" },
        { Images.Svg, "image/svg+xml" },
        { "\uFEFF<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg width=\"1\"></svg>"u8.ToArray(), "image/svg+xml" },
    };

    [Theory]
    [MemberData(nameof(KnownImages))]
    public void Known_formats_are_recognised(byte[] content, string mediaType) => ImageSniffer.Detect(content).Should().Be(mediaType);

    [Theory]
    [InlineData("hello world")]
    [InlineData("<html><body>not an image</body></html>")]
    [InlineData("")]
    public void Other_content_is_not_an_image(string text) => ImageSniffer.Detect(System.Text.Encoding.UTF8.GetBytes(text)).Should().BeNull();
}
