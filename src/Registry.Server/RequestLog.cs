using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gravity.Registry.Server;

/// <summary>
/// One log line per request, as operators expect of a registry: method, path, status, bytes received and sent, time
/// and user. Only the path is logged: the query may carry a token and headers carry credentials, so neither is.
/// </summary>
public static class RequestLog
{
    public const string Category = "Gravity.Hub.Requests";

    public static Func<HttpContext, RequestDelegate, Task> Middleware(ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(Category);
        return async (ctx, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var body = new CountingReadStream(ctx.Request.Body);
            ctx.Request.Body = body;
            try
            {
                await next(ctx);
            }
            finally
            {
                if (log.IsEnabled(LogLevel.Information))
                {
                    var status = ctx.RequestAborted.IsCancellationRequested && !ctx.Response.HasStarted ? 499 : ctx.Response.StatusCode;
                    log.LogInformation("{Method} {Path} {Status} in={BytesIn} out={BytesOut} {ElapsedMs}ms user={User} from={Remote}",
                        ctx.Request.Method, ctx.Request.Path.ToUriComponent(), status, body.Count, HttpMethods.IsHead(ctx.Request.Method) ? 0 : ctx.Response.ContentLength ?? 0,
                        (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, RequestUser.Get(ctx) ?? "-",
                        ctx.Connection.RemoteIpAddress?.ToString() ?? "-");
                }
            }
        };
    }
}
