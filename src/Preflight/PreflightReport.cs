using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gravity.Preflight;

public sealed record PreflightReport(string Profile, IReadOnlyList<CheckResult> Results)
{
    public bool Succeeded => Results.All(r => r.Status != CheckStatus.Failed);
    public IEnumerable<CheckResult> Failures => Results.Where(r => r.Status == CheckStatus.Failed);
    public IEnumerable<CheckResult> Skipped => Results.Where(r => r.Status == CheckStatus.Skipped);

    /// <summary>The failures, one per line, for an error message that stops an install.</summary>
    public string Summary() => string.Join(Environment.NewLine, Failures.Select(f => $"{f.Name}: {f.Message}"));

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(new { profile = Profile, succeeded = Succeeded, results = Results }, Json);
}
