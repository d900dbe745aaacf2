namespace Gravity.Manifest;

/// <summary>Reads free-form maps (ingress, storage): values are string, bool, long, lists or nested maps.</summary>
public static class FreeForm
{
    public static bool IsEnabled(IReadOnlyDictionary<string, object?>? map, string component) =>
        map is not null && map.TryGetValue(component, out var value)
        && value is IReadOnlyDictionary<string, object?> inner
        && inner.TryGetValue("enabled", out var enabled) && enabled is true;
}
