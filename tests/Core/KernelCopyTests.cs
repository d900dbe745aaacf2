using Gravity.Core.IO;
using Gravity.Testing;

namespace Gravity.Core.Tests;

public sealed class KernelCopyTests
{
    [Fact]
    public void Copies_a_range_between_offsets_and_leaves_the_rest_of_the_target_alone()
    {
        using var dir = new TempDir();
        var source = new byte[5_000_000];
        new Random(3).NextBytes(source);
        File.WriteAllBytes(dir.Combine("source"), source);
        var target = Enumerable.Repeat((byte)0xEE, 6_000_000).ToArray();
        File.WriteAllBytes(dir.Combine("target"), target);

        using (var from = File.OpenHandle(dir.Combine("source")))
        using (var to = File.OpenHandle(dir.Combine("target"), FileMode.Open, FileAccess.Write))
            KernelCopy.TryCopy(from, 1000, to, 500_000, 4_000_000).Should().BeTrue();

        var result = File.ReadAllBytes(dir.Combine("target"));
        result.Length.Should().Be(6_000_000);
        result.AsSpan(0, 500_000).ToArray().Should().OnlyContain(b => b == 0xEE);
        result.AsSpan(500_000, 4_000_000).SequenceEqual(source.AsSpan(1000, 4_000_000)).Should().BeTrue();
        result.AsSpan(4_500_000).ToArray().Should().OnlyContain(b => b == 0xEE);
    }

    [Fact]
    public void A_source_shorter_than_the_range_is_an_error_not_a_short_copy()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("source"), new byte[100]);
        using var from = File.OpenHandle(dir.Combine("source"));
        using var to = File.OpenHandle(dir.Combine("target"), FileMode.Create, FileAccess.Write);
        var copy = () => KernelCopy.TryCopy(from, 0, to, 0, 200);
        copy.Should().Throw<EndOfStreamException>().WithMessage("*100 bytes before the 200*");
    }
}
