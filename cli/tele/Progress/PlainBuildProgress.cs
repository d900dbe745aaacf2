using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Transfer;
using Gravity.Packaging.Build;

namespace Gravity.Cli.Tele.Progress;

/// <summary>One line per event, for logs and CI: no bars, no carriage returns.</summary>
internal sealed class PlainBuildProgress(TextWriter output) : IBuildProgress
{
    private readonly Lock _lock = new();
    private int _lastWritingQuarter = -1;

    public void Stage(string message) => Write(message);

    public void ImageStarted(ImageReference image, string source) => Write($"  {image}: fetching from {source}");

    public void Transfer(TransferProgress progress) { }

    public void ImageFinished(ImageReference image, long size, long downloaded)
        => Write($"  {image}: {ByteSize.Format(size)}{(downloaded > 0 ? $" ({ByteSize.Format(downloaded)} downloaded)" : "")}");

    public void Writing(long written, long total)
    {
        var quarter = total == 0 ? 4 : (int)(written * 4 / total);
        lock (_lock)
        {
            if (quarter <= _lastWritingQuarter) return;
            _lastWritingQuarter = quarter;
        }
        Write($"  written {ByteSize.Format(written)} of {ByteSize.Format(total)}");
    }

    private void Write(string line)
    {
        lock (_lock) output.WriteLine(line);
    }
}
