using Gravity.Core;

namespace Gravity.Core.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("32GB", 32_000_000_000L)]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("4 kB", 4_000L)]
    [InlineData("10", 10L)]
    [InlineData("1.5GB", 1_500_000_000L)]
    [InlineData("2GiB", 2L << 30)]
    public void Parses_manifest_sizes(string text, long expected)
    {
        ByteSize.TryParse(text, out var bytes).Should().BeTrue();
        bytes.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("12 parsecs")]
    [InlineData("-5MB")]
    public void Rejects_malformed_sizes(string text) => ByteSize.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Parses_rates()
    {
        ByteSize.TryParseRate("50MB/s", out var rate).Should().BeTrue();
        rate.Should().Be(50_000_000);
        ByteSize.TryParseRate("50MB", out _).Should().BeFalse();
    }

    [Fact]
    public void Formats_binary_units() => ByteSize.Format(3L << 20).Should().Be("3.0 MiB");
}
