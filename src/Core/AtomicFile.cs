namespace Gravity.Core;

/// <summary>Writes a file so that readers see either the old content or the complete new content, never a partial file.</summary>
public static class AtomicFile
{
    /// <summary>A temporary path next to <paramref name="target"/> (same directory, so the final rename is atomic).</summary>
    public static string TempPathFor(string target)
        => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target))!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    public static async Task WriteAsync(string target, Func<Stream, Task> write, UnixFileMode? mode = null, bool overwrite = true)
    {
        var temp = TempPathFor(target);
        try
        {
            await using (var fs = new FileStream(temp, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous,
                             UnixCreateMode = mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
                         }))
            {
                await write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> through a temporary file, so the target is the old file or the whole copy.</summary>
    public static Task CopyAsync(string source, string target, UnixFileMode? mode = null, CancellationToken ct = default)
        => WriteAsync(target, async output =>
        {
            await using var input = File.OpenRead(source);
            await input.CopyToAsync(output, ct);
        }, mode);

    public static Task WriteAllBytesAsync(string target, ReadOnlyMemory<byte> content, UnixFileMode? mode = null)
        => WriteAsync(target, s => s.WriteAsync(content).AsTask(), mode);

    public static Task WriteAllTextAsync(string target, string content, UnixFileMode? mode = null)
        => WriteAllBytesAsync(target, System.Text.Encoding.UTF8.GetBytes(content), mode);
}
