using System.Text.Json;
using Gravity.Cluster.Plans;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>A JSON request body read into memory up to a limit: a larger one (declared or sent) ends in <see cref="InvalidDataException"/>.</summary>
internal static class BoundedJsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, long limit, CancellationToken ct) where T : class
    {
        if (request.ContentLength > limit) throw new InvalidDataException($"request larger than {limit} bytes");
        using var buffered = new MemoryStream();
        var buffer = new byte[16 << 10];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (buffered.Length + n > limit) throw new InvalidDataException($"request larger than {limit} bytes");
            buffered.Write(buffer, 0, n);
        }
        buffered.Position = 0;
        return JsonSerializer.Deserialize<T>(buffered, PlanJson.Options) ?? throw new InvalidDataException("empty request");
    }
}
