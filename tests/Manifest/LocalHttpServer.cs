using System.Net;

namespace Gravity.Manifest.Tests;

/// <summary>A tiny HTTP server on 127.0.0.1 serving fixed content by path (404 for anything else).</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _routes;
    private readonly Task _loop;

    public LocalHttpServer(Dictionary<string, (byte[] Content, string ContentType)> routes)
    {
        _routes = routes;
        Port = Gravity.Testing.FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var response = context.Response;
            if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                response.ContentType = route.ContentType;
                response.ContentLength64 = route.Content.Length;
                await response.OutputStream.WriteAsync(route.Content);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
