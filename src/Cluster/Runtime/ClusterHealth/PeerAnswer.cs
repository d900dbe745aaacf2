using System.Net;
using System.Text;

namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>Reads a peer agent's answer with a size limit, so a confused or hostile peer cannot fill our memory.</summary>
internal static class PeerAnswer
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        if (response.Content.Headers.ContentLength is > PeerEndpoints.MaxAnswerBytes) throw new InvalidDataException("answer too large");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[PeerEndpoints.MaxAnswerBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += read;
        if (total > PeerEndpoints.MaxAnswerBytes) throw new InvalidDataException("answer too large");
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
