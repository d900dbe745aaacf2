using Gravity.Core.IO;

namespace Gravity.Core.Tests;

public class PipelinedCopyTests
{
    private static byte[] Data(int n)
    {
        var b = new byte[n];
        new Random(n).NextBytes(b);
        return b;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PipelinedCopy.ChunkSize)]
    [InlineData(3 * PipelinedCopy.ChunkSize + 17)]
    public async Task Copies_every_byte_in_order_and_shows_each_once_to_the_inspector(int size)
    {
        var data = Data(size);
        var output = new MemoryStream();
        var inspected = new MemoryStream();

        var copied = await PipelinedCopy.CopyAsync(new MemoryStream(data), output, chunk => inspected.Write(chunk.Span));

        copied.Should().Be(size);
        output.ToArray().Should().Equal(data);
        inspected.ToArray().Should().Equal(data);
    }

    [Fact]
    public async Task Stops_at_the_limit_and_leaves_the_rest_unread()
    {
        var data = Data(2 * PipelinedCopy.ChunkSize + 5);
        var source = new MemoryStream(data);
        var output = new MemoryStream();

        var copied = await PipelinedCopy.CopyAsync(source, output, limit: PipelinedCopy.ChunkSize + 3);

        copied.Should().Be(PipelinedCopy.ChunkSize + 3);
        output.ToArray().Should().Equal(data.AsSpan(0, PipelinedCopy.ChunkSize + 3).ToArray());
        source.Position.Should().Be(PipelinedCopy.ChunkSize + 3);
    }

    [Fact]
    public async Task A_failing_destination_fails_the_copy()
    {
        var act = () => PipelinedCopy.CopyAsync(new MemoryStream(Data(3 * PipelinedCopy.ChunkSize)), new FailingStream());
        await act.Should().ThrowAsync<IOException>().WithMessage("disk full");
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromException(new IOException("disk full"));
    }
}
