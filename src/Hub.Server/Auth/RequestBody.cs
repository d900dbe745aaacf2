using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gravity.Hub.Server.Auth;

/// <summary>A request body that is not what the API expects; <see cref="Field"/> names the culprit when one field is.</summary>
internal sealed class RequestBodyException(string? field, string message) : Exception(field is null ? message : $"{field}: {message}")
{
    public string? Field { get; } = field;
}

/// <summary>
/// The admin API's JSON bodies, read by hand rather than bound to records: a missing or null field then gets a 400
/// naming it instead of a 500, and a body is at most <see cref="MaxBytes"/>.
/// </summary>
internal static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) throw new RequestBodyException(null, $"the body is larger than {MaxBytes} bytes");
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes) throw new RequestBodyException(null, $"the body is larger than {MaxBytes} bytes");
        }
        JsonDocument document;
        try { document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new RequestBodyException(null, $"the body is not valid JSON ({e.Message})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new RequestBodyException(null, "the body must be a JSON object");
            return document.RootElement.Clone();
        }
    }

    public static string RequiredString(JsonElement body, string field)
        => OptionalString(body, field) ?? throw new RequestBodyException(field, "required (a string)");

    public static string? OptionalString(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new RequestBodyException(field, $"expected a string, not {Kind(value)}");
    }

    public static IReadOnlyList<string> RequiredStringList(JsonElement body, string field, string example)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new RequestBodyException(field, $"required (a list such as {example})");
        if (value.ValueKind != JsonValueKind.Array) throw new RequestBodyException(field, $"expected a list such as {example}, not {Kind(value)}");
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
            items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new RequestBodyException(field, $"expected strings in the list, not {Kind(item)}"));
        return items;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
