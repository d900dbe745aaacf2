using System.Net.Sockets;

namespace Gravity.Manifest;

/// <summary>Reads the content behind a URI-loadable field: file://relative (to the manifest's folder), file:///absolute,
/// http:// and https://.</summary>
internal sealed class UriContent(string baseDirectory, HttpClient http, TimeSpan timeout, long maxBytes)
{
    public static bool IsUri(string value) =>
        value.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes behind <paramref name="uri"/>, or an error message saying why they could not be read.</summary>
    public async Task<(byte[]? Content, string? Error)> ReadAsync(string uri, CancellationToken ct)
    {
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return await ReadFileAsync(uri, ct);
        return await DownloadAsync(uri, ct);
    }

    private async Task<(byte[]?, string?)> ReadFileAsync(string uri, CancellationToken ct)
    {
        var rest = Uri.UnescapeDataString(uri["file://".Length..]);
        if (rest.Length == 0) return (null, $"\"{uri}\" names no file");
        var path = Path.IsPathRooted(rest) ? rest : Path.GetFullPath(Path.Combine(baseDirectory, rest));
        if (Directory.Exists(path)) return (null, $"{path} (from \"{uri}\") is a directory, not a file");
        if (!File.Exists(path)) return (null, $"file {path} (from \"{uri}\") does not exist");
        try
        {
            var info = new FileInfo(path);
            if (info.Length > maxBytes) return (null, $"file {path} is larger than {maxBytes} bytes");
            return (await File.ReadAllBytesAsync(path, ct), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {path} (from \"{uri}\"): {e.Message}");
        }
    }

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
