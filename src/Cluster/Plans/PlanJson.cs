using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gravity.Cluster.Plans;

/// <summary>How plans are stored and printed as JSON.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(OperationPlan plan) => JsonSerializer.Serialize(plan, Options);

    public static OperationPlan Deserialize(string json) =>
        JsonSerializer.Deserialize<OperationPlan>(json, Options) ?? throw new InvalidDataException("empty operation plan");
}
