using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Transfer;
using Gravity.Packaging.Build;
using Spectre.Console;

namespace Gravity.Cli.Tele.Progress;

/// <summary>Progress bars on the terminal: one per image (bytes of its blobs), one for writing the output.</summary>
internal sealed class SpectreBuildProgress : IBuildProgress
{
    private readonly ProgressContext _context;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ImageBar> _images = new(StringComparer.Ordinal);
    private ProgressTask? _writing;

    private SpectreBuildProgress(ProgressContext context) => _context = context;

    public static async Task<T> RunAsync<T>(Func<IBuildProgress, Task<T>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(ctx => run(new SpectreBuildProgress(ctx)));
    }

    /// <summary>Stages are not drawn: the bars of the images and of the output say where the build is.</summary>
    public void Stage(string message) { }

    public void ImageStarted(ImageReference image, string source)
    {
        lock (_lock)
        {
            var task = _context.AddTask(Markup.Escape($"{image.FamiliarString} [{source}]"), autoStart: true, maxValue: 1);
            task.IsIndeterminate = true;
            _images[image.ToString()] = new ImageBar(task, source);
        }
    }

    public void Transfer(TransferProgress progress)
    {
        lock (_lock)
        {
            if (!_images.TryGetValue(progress.Image.ToString(), out var bar)) return;
            bar.Blobs[progress.Digest] = (progress.BytesDone, progress.Total);
            var total = bar.Blobs.Values.Sum(b => b.Total);
            bar.Task.IsIndeterminate = false;
            bar.Task.MaxValue = Math.Max(1, total);
            bar.Task.Value = bar.Blobs.Values.Sum(b => Math.Min(b.Done, b.Total));
        }
    }

    public void ImageFinished(ImageReference image, long size, long downloaded)
    {
        lock (_lock)
        {
            if (!_images.TryGetValue(image.ToString(), out var bar)) return;
            bar.Task.IsIndeterminate = false;
            bar.Task.MaxValue = Math.Max(1, size);
            bar.Task.Value = bar.Task.MaxValue;
            bar.Task.Description = Markup.Escape($"{image.FamiliarString} {ByteSize.Format(size)}{(downloaded == 0 && bar.Source.StartsWith("registry", StringComparison.Ordinal) ? " (cached)" : "")}");
            bar.Task.StopTask();
        }
    }

    public void Writing(long written, long total)
    {
        lock (_lock)
        {
            _writing ??= _context.AddTask("writing cluster image", autoStart: true, maxValue: Math.Max(1, total));
            _writing.Value = written;
        }
    }

    private sealed record ImageBar(ProgressTask Task, string Source)
    {
        public Dictionary<Digest, (long Done, long Total)> Blobs { get; } = new();
    }
}
