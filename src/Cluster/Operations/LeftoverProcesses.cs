namespace Gravity.Cluster.Operations;

/// <summary>
/// Processes of the cluster still running after the agent stopped: those whose command line names a path inside the
/// state folder (every service the install starts runs from, or keeps its data in, that folder).
/// </summary>
public static class LeftoverProcesses
{
    public static IReadOnlyList<int> Find(string stateDir)
    {
        var root = Path.GetFullPath(stateDir).TrimEnd('/') + "/";
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Split('\0').Any(arg => arg.StartsWith(root, StringComparison.Ordinal) || arg.Contains("=" + root, StringComparison.Ordinal)))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>Kills them and waits (bounded) until they are gone; returns how many there were.</summary>
    public static async Task<int> KillAsync(string stateDir, CancellationToken ct)
    {
        var pids = Find(stateDir);
        foreach (var pid in pids)
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
            catch (TimeoutException) { }
        }
        return pids.Count;
    }
}
