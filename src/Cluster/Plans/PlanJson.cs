using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gravity.Cluster.Plans;

/// <summary>How plans are stored and printed as JSON.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyPhaseFields } },
    };

    /// <summary>
    /// A phase's empty lists, empty data and false flags are left out (they read back as their defaults): in the plan
    /// of a large cluster most phases are leaves with none, and the plan is parsed by every `gravity plan`.
    /// </summary>
    private static void OmitEmptyPhaseFields(JsonTypeInfo info)
    {
        if (info.Type != typeof(Phase)) return;
        foreach (var property in info.Properties)
        {
            property.ShouldSerialize = property.Name switch
            {
                "requires" or "phases" => (_, value) => value is System.Collections.ICollection { Count: > 0 },
                "data" => (_, value) => value is IReadOnlyDictionary<string, string> { Count: > 0 },
                "parallel" => (_, value) => value is true,
                _ => property.ShouldSerialize,
            };
        }
    }

    public static string Serialize(OperationPlan plan) => JsonSerializer.Serialize(plan, Options);

    public static OperationPlan Deserialize(string json) =>
        JsonSerializer.Deserialize<OperationPlan>(json, Options) ?? throw new InvalidDataException("empty operation plan");
}
