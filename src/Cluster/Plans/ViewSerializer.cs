using System.Text.Json;
using YamlDotNet.Serialization;

namespace Gravity.Cluster.Plans;

/// <summary>The json and yaml forms of what the CLIs print (plans, status, registry listings): the same fields in both.</summary>
public static class ViewSerializer
{
    private static readonly JsonSerializerOptions Indented = new(PlanJson.Options) { WriteIndented = true };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Indented);

    /// <summary>YAML made from the JSON form (JSON is YAML), so names and values match the json output exactly.</summary>
    public static string ToYaml<T>(T value)
    {
        var graph = new DeserializerBuilder().Build().Deserialize<object?>(ToJson(value));
        return new SerializerBuilder().Build().Serialize(graph);
    }

    public static string Format<T>(T value, string format, Func<T, string> text) => format switch
    {
        "json" => ToJson(value) + Environment.NewLine,
        "yaml" => ToYaml(value),
        "text" => text(value),
        _ => throw new Core.GravityException($"--format {format}: expected text, json or yaml"),
    };
}
