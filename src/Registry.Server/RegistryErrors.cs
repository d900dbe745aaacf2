using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Registry;
using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>Writes errors in the Distribution Specification's format: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal static class RegistryErrors
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static int StatusFor(string code) => code switch
    {
        RegistryErrorCodes.BlobUnknown or RegistryErrorCodes.BlobUploadUnknown or RegistryErrorCodes.ManifestUnknown
            or RegistryErrorCodes.NameUnknown => StatusCodes.Status404NotFound,
        RegistryErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        RegistryErrorCodes.Denied => StatusCodes.Status403Forbidden,
        RegistryErrorCodes.Unsupported => StatusCodes.Status405MethodNotAllowed,
        RegistryErrorCodes.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    public static Task WriteAsync(HttpContext ctx, string code, string message, object? detail = null, int? status = null)
    {
        var response = ctx.Response;
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = status ?? StatusFor(code);
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(ctx.Request.Method)) return Task.CompletedTask;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { errors = new[] { new { code, message, detail } } }, Json);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }
}
