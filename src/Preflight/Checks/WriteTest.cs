using System.Diagnostics;

namespace Gravity.Preflight.Checks;

/// <summary>Writes a file of the given size with fsync at the end and returns the achieved rate in bytes per second.</summary>
internal static class WriteTest
{
    public static double Measure(string folder, long bytes)
    {
        var file = Path.Combine(folder, $".gravity-write-test-{Guid.NewGuid():N}");
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk); // incompressible, so compressing file systems cannot flatter the figure
        var watch = Stopwatch.StartNew();
        try
        {
            using (var fs = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.None))
            {
                for (long written = 0; written < bytes; written += chunk.Length)
                    fs.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
                fs.Flush(flushToDisk: true);
            }
            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
            return bytes / seconds;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
