namespace Gravity.Core.Tests;

public class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("1m500ms", 60.5)]
    public void Go_style_durations_are_read(string text, double seconds)
        => DurationText.Parse(text, "--timeout").TotalSeconds.Should().Be(seconds);

    [Theory]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_flag(string text)
        => FluentActions.Invoking(() => DurationText.Parse(text, "--timeout")).Should().Throw<GravityException>()
            .WithMessage($"--timeout: '{text}' is not a duration*");

    [Fact]
    public void A_duration_beyond_what_a_timespan_holds_is_refused()
        => FluentActions.Invoking(() => DurationText.Parse("99999999999999h", "--timeout")).Should().Throw<GravityException>()
            .WithMessage("--timeout: '99999999999999h' is too long a duration");
}
