namespace Gravity.Cluster.Runtime;

/// <summary>Keeps one line "&lt;ip&gt; &lt;name&gt; # gravity" in a hosts file, so leader.telekube.local resolves on the node.</summary>
public static class EtcHosts
{
    private const string Marker = "# gravity";

    public static async Task EnsureAsync(string hostsFile, string ip, string name)
    {
        var lines = File.Exists(hostsFile) ? (await File.ReadAllLinesAsync(hostsFile)).ToList() : [];
        var wanted = $"{ip} {name} {Marker}";
        if (lines.Contains(wanted)) return;
        lines.RemoveAll(l => l.EndsWith(Marker, StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name));
        lines.Add(wanted);
        await WriteInPlaceAsync(hostsFile, lines);
    }

    /// <summary>In place, not by rename: in containers /etc/hosts is a bind mount that cannot be replaced.</summary>
    private static Task WriteInPlaceAsync(string hostsFile, IEnumerable<string> lines)
        => File.WriteAllTextAsync(hostsFile, string.Join('\n', lines) + "\n");

    public static async Task RemoveAsync(string hostsFile, string name)
    {
        if (!File.Exists(hostsFile)) return;
        var lines = (await File.ReadAllLinesAsync(hostsFile)).ToList();
        if (lines.RemoveAll(l => l.EndsWith(Marker, StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name)) == 0) return;
        await WriteInPlaceAsync(hostsFile, lines);
    }
}
