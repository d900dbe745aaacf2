using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>
/// A TEST DOUBLE of AWS Systems Manager's JSON API on 127.0.0.1: POST / with X-Amz-Target AmazonSSM.GetParameter or
/// AmazonSSM.PutParameter and Content-Type application/x-amz-json-1.1, answering as the service does (ParameterNotFound,
/// ParameterAlreadyExists). SecureString values are kept as given (no KMS); requests must be SigV4-signed.
/// </summary>
public sealed class SsmParameterStoreTestDouble : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public SsmParameterStoreTestDouble()
    {
        var port = FreePort.Next();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Name to (type, value), as stored.</summary>
    public ConcurrentDictionary<string, (string Type, string Value)> Parameters { get; } = new();

    /// <summary>Every X-Amz-Target received, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { await AnswerAsync(context); }
            catch (Exception) { context.Response.Abort(); }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"] ?? "";
        Calls.Enqueue(target);
        if (request.HttpMethod != "POST" || request.ContentType?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
        {
            await WriteAsync(context, 400, new JsonObject { ["__type"] = "SerializationException", ["message"] = "expected POST application/x-amz-json-1.1" });
            return;
        }
        if (request.Headers["Authorization"]?.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal) != true)
        {
            await WriteAsync(context, 400, new JsonObject { ["__type"] = "MissingAuthenticationTokenException", ["message"] = "Missing Authentication Token" });
            return;
        }
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var name = (string?)body["Name"] ?? "";
        switch (target)
        {
            case "AmazonSSM.GetParameter":
                if (!Parameters.TryGetValue(name, out var stored))
                {
                    await WriteAsync(context, 400, new JsonObject { ["__type"] = "ParameterNotFound", ["message"] = "" });
                    return;
                }
                var decrypt = (bool?)body["WithDecryption"] == true;
                await WriteAsync(context, 200, new JsonObject
                {
                    ["Parameter"] = new JsonObject
                    {
                        ["Name"] = name, ["Type"] = stored.Type, ["Version"] = 1, ["DataType"] = "text",
                        ["Value"] = stored.Type == "SecureString" && !decrypt ? "AQICAH-encrypted" : stored.Value,
                        ["ARN"] = $"arn:aws:ssm:us-east-1:000000000000:parameter{name}",
                    },
                });
                return;
            case "AmazonSSM.PutParameter":
                var overwrite = (bool?)body["Overwrite"] == true;
                if (Parameters.ContainsKey(name) && !overwrite)
                {
                    await WriteAsync(context, 400, new JsonObject { ["__type"] = "ParameterAlreadyExists", ["message"] = "The parameter already exists." });
                    return;
                }
                Parameters[name] = ((string?)body["Type"] ?? "String", (string?)body["Value"] ?? "");
                await WriteAsync(context, 200, new JsonObject { ["Version"] = 1, ["Tier"] = "Standard" });
                return;
            default:
                await WriteAsync(context, 400, new JsonObject { ["__type"] = "UnknownOperationException", ["message"] = target });
                return;
        }
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
