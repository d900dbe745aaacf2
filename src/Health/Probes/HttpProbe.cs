namespace Gravity.Health.Probes;

/// <summary>GET a URL; healthy when the status code is accepted and, optionally, the body passes a check.</summary>
public sealed class HttpProbe(string name, Uri url, HttpClient http, Func<int, string, string?>? validate = null) : IProbe
{
    public string Name => name;

    public async Task<ProbeOutcome> CheckAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var problem = validate is null
                ? response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}"
                : validate((int)response.StatusCode, body);
            return problem is null ? ProbeOutcome.Ok : ProbeOutcome.Failed($"healthz check failed: GET {url}: {problem}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            if (ct.IsCancellationRequested) throw;
            return ProbeOutcome.Failed($"healthz check failed: GET {url}: {ex.Message}");
        }
    }
}
