using System.Net;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

/// <summary>
/// Test double for one fault only: an HTTP registry on 127.0.0.1 that serves fixed manifests and blobs, where a blob's
/// bytes can differ from the digest it is requested by (a real registry refuses to store such content).
/// </summary>
internal sealed class LyingRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (string MediaType, byte[] Content)> _manifests = new();
    private readonly Dictionary<string, byte[]> _blobs = new();
    private readonly Task _loop;

    public LyingRegistry()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string HostPort => $"127.0.0.1:{Port}";
    public int BlobRequests;

    public void AddManifest(string repository, string reference, string mediaType, byte[] content) => _manifests[$"/v2/{repository}/manifests/{reference}"] = (mediaType, content);
    public void AddBlob(string repository, Digest digest, byte[] servedContent) => _blobs[$"/v2/{repository}/blobs/{digest}"] = servedContent;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            var path = context.Request.Url!.AbsolutePath;
            var response = context.Response;
            if (path == "/v2/") response.StatusCode = 200;
            else if (_manifests.TryGetValue(path, out var m))
            {
                response.ContentType = m.MediaType;
                response.ContentLength64 = m.Content.Length;
                response.AddHeader("Docker-Content-Digest", Digest.Compute(m.Content).ToString());
                if (context.Request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(m.Content);
            }
            else if (_blobs.TryGetValue(path, out var b))
            {
                Interlocked.Increment(ref BlobRequests);
                response.ContentType = "application/octet-stream";
                response.ContentLength64 = b.Length;
                if (context.Request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(b);
            }
            else response.StatusCode = 404;
            response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
