namespace Gravity.Preflight.Host;

/// <summary>ID and VERSION_ID of /etc/os-release (values may be quoted).</summary>
internal sealed record OsRelease(string Id, string VersionId, string PrettyName)
{
    public static OsRelease Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            values[line[..eq]] = value;
        }
        var id = values.GetValueOrDefault("ID", "linux");
        var version = values.GetValueOrDefault("VERSION_ID", "");
        return new OsRelease(id, version, values.GetValueOrDefault("PRETTY_NAME", $"{id} {version}".Trim()));
    }
}
