using Gravity.Core;
using Gravity.Oci;

namespace Gravity.Packaging.Build;

/// <summary>The --set-image OLD=NEW replacements, matched on normalised references.</summary>
public sealed class ImageOverrides
{
    private readonly Dictionary<string, ImageReference> _map = new(StringComparer.Ordinal);

    public static ImageOverrides Parse(IEnumerable<string> values)
    {
        var result = new ImageOverrides();
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (eq <= 0 || eq == value.Length - 1) throw new GravityException($"--set-image '{value}': expected OLD=NEW");
            if (!ImageReference.TryParse(value[..eq], out var from, out var e1)) throw new GravityException($"--set-image '{value}': {e1}");
            if (!ImageReference.TryParse(value[(eq + 1)..], out var to, out var e2)) throw new GravityException($"--set-image '{value}': {e2}");
            result._map[from.ToString()] = to;
        }
        return result;
    }

    public int Count => _map.Count;

    public ImageReference Apply(ImageReference reference) => _map.GetValueOrDefault(reference.ToString()) ?? reference;

    /// <summary>OLD references that named no image of the application (probably a typo).</summary>
    public IEnumerable<string> Unused(IEnumerable<ImageReference> discovered)
    {
        var names = discovered.Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        return _map.Keys.Where(k => !names.Contains(k));
    }
}
