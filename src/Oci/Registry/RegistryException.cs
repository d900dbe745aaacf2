using System.Net;
using System.Text.Json;
using Gravity.Core;

namespace Gravity.Oci.Registry;

/// <summary>A registry answered with an error. The message names the registry and what was asked, plus the registry's own error text.</summary>
public sealed class RegistryException(string message, HttpStatusCode? statusCode = null, string? errorCode = null, Exception? inner = null)
    : GravityException(message, inner!)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The OCI distribution error code (MANIFEST_UNKNOWN, UNAUTHORIZED, DENIED...), when the registry sent one.</summary>
    public string? ErrorCode { get; } = errorCode;

    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        string? code = null, detail = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.Length is > 0 and < 65536 && body.TrimStart().StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    var first = errors[0];
                    code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                    detail = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                }
            }
        }
        catch (JsonException) { }
        catch (HttpRequestException) { }
        var status = (int)response.StatusCode;
        var text = $"{what}: registry answered {status} {response.ReasonPhrase}";
        if (code is not null) text += $" ({code}{(detail is null ? "" : ": " + detail)})";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            text += response.RequestMessage?.Headers.Authorization?.Scheme switch
            {
                null => ": no credentials configured for this registry (use --username/--password or docker login)",
                "Basic" => ": the credentials were rejected",
                _ => ": the token was not accepted for this repository",
            };
        return new RegistryException(text, response.StatusCode, code);
    }
}
