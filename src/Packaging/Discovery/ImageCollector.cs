using Gravity.Oci;

namespace Gravity.Packaging.Discovery;

/// <summary>Accumulates references and errors; one image per normalised reference, sources in the order found.</summary>
internal sealed class ImageCollector
{
    private readonly Dictionary<string, (ImageReference Reference, List<ImageSource> Sources)> _images = new(StringComparer.Ordinal);
    private readonly List<DiscoveryError> _errors = [];
    private readonly List<DiscoveryError> _warnings = [];
    private readonly List<ChartReading> _charts = [];

    public void Add(string reference, string file, int line, int column, string origin)
    {
        var text = reference.Trim();
        if (!ImageReference.TryParse(text, out var parsed, out var error))
        {
            AddError(new DiscoveryError(file, line, column, $"{origin}: invalid image reference \"{text}\": {error}"));
            return;
        }
        var key = parsed.ToString();
        if (!_images.TryGetValue(key, out var entry))
            _images[key] = entry = (parsed, []);
        var source = new ImageSource(file, line, origin);
        if (!entry.Sources.Contains(source)) entry.Sources.Add(source);
    }

    /// <summary>One error per position (a hook job file is read both as a resource and as the hook); unpositioned ones by message.</summary>
    public void AddError(DiscoveryError error)
    {
        if (!_errors.Any(e => e.File == error.File && e.Line == error.Line && e.Column == error.Column && (error.Line > 0 || e.Message == error.Message)))
            _errors.Add(error);
    }

    public void AddWarning(DiscoveryError warning)
    {
        if (!_warnings.Contains(warning)) _warnings.Add(warning);
    }

    public void AddChart(ChartReading chart) => _charts.Add(chart);

    public DiscoveryResult ToResult()
        => new(_images.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new DiscoveredImage(kv.Value.Reference, kv.Value.Sources))
                .ToList(),
            _errors.ToList())
        {
            Warnings = _warnings.ToList(),
            Charts = _charts.OrderBy(c => c.Folder, StringComparer.Ordinal).ToList(),
        };
}
