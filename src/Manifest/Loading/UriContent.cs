using System.Net.Sockets;
using Gravity.Core.IO;

namespace Gravity.Manifest;

/// <summary>Reads the content behind a URI-loadable field: file://relative (to the manifest's folder), file:///absolute,
/// http:// and https://. Files are read only inside the application's folder or a folder the user allowed, links
/// resolved (a build context, as Docker and Helm have); never from /proc, /sys or /dev, and only regular files.</summary>
internal sealed class UriContent(string baseDirectory, IReadOnlyList<string> allowedPaths, HttpClient http, TimeSpan timeout, long maxBytes)
{
    private static readonly string[] SystemFolders = ["/proc", "/sys", "/dev"];

    // The application's folder and the allowed ones, links resolved; folders that do not exist allow nothing.
    private readonly List<string> _roots = [.. new[] { baseDirectory }.Concat(allowedPaths)
        .Select(p => HostFile.RealPath(Path.GetFullPath(p))).OfType<string>()];

    public static bool IsUri(string value) =>
        value.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes behind <paramref name="uri"/> and where they came from (a file's real path, or the URL), or an
    /// error message saying why they could not be read.</summary>
    public async Task<(byte[]? Content, string? Error, string Source)> ReadAsync(string uri, CancellationToken ct)
    {
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return ReadFile(uri);
        var (content, error) = await DownloadAsync(uri, ct);
        return (content, error, uri);
    }

    private (byte[]?, string?, string) ReadFile(string uri)
    {
        var rest = Uri.UnescapeDataString(uri["file://".Length..]);
        if (rest.Length == 0) return (null, $"\"{uri}\" names no file", uri);
        var path = Path.IsPathRooted(rest) ? Path.GetFullPath(rest) : Path.GetFullPath(Path.Combine(baseDirectory, rest));
        if (IsSystemPath(path)) return (null, $"{path} (from \"{uri}\") is under /proc, /sys or /dev, which are never read", path);
        var real = HostFile.RealPath(path);
        if (real is null) return (null, $"file {path} (from \"{uri}\") does not exist", path);
        var shown = real == path ? path : $"{path} (a link to {real})";
        if (IsSystemPath(real)) return (null, $"{shown} (from \"{uri}\") is under /proc, /sys or /dev, which are never read", real);
        if (!_roots.Any(root => IsInside(real, root)))
            return (null, $"{shown} (from \"{uri}\") is outside the application's folder {baseDirectory}: only files in that folder are read, " +
                          "unless their folder is allowed (tele build --allow-path DIR)", real);
        var type = HostFile.TypeOf(real);
        if (type == UnixFileType.Directory) return (null, $"{shown} (from \"{uri}\") is a directory, not a file", real);
        if (type != UnixFileType.Regular) return (null, $"{shown} (from \"{uri}\") is {HostFile.Describe(type)}, not a regular file", real);
        try
        {
            var content = HostFile.ReadAtMost(real, maxBytes);
            return content is null ? (null, $"file {shown} is larger than {maxBytes} bytes", real) : (content, null, real);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {shown} (from \"{uri}\"): {e.Message}", real);
        }
    }

    private static bool IsSystemPath(string path) => SystemFolders.Any(folder => IsInside(path, folder));

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);

    private async Task<(byte[]?, string?)> DownloadAsync(string uri, CancellationToken ct)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var address)) return (null, $"\"{uri}\" is not a valid URL");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
                return (null, $"{uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > maxBytes) return (null, $"{uri} is larger than {maxBytes} bytes");
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > maxBytes) return (null, $"{uri} is larger than {maxBytes} bytes");
                buffer.Write(chunk, 0, read);
            }
            return (buffer.ToArray(), null);
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException s ? s.Message : e.Message;
            return (null, $"{uri} is unreachable: {reason}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"{uri} did not answer in time");
        }
    }
}
