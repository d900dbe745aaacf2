using System.Globalization;

namespace Gravity.Cluster.Runtime;

/// <summary>Pid files under &lt;state-dir&gt;/run, and clean-up of a service left running by an agent that was killed.</summary>
public static class PidFile
{
    public static int? Read(string path)
    {
        try { return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null; }
        catch (IOException) { return null; }
    }

    public static void Write(string path, int pid) => File.WriteAllText(path, pid.ToString(CultureInfo.InvariantCulture) + "\n");

    /// <summary>Kills the process of a pid file when it still runs <paramref name="program"/> (pids are reused: never kill a stranger).</summary>
    public static async Task KillStaleAsync(string path, string program, TimeSpan wait)
    {
        if (Read(path) is not { } pid || !Signals.IsAlive(pid)) return;
        string cmdline;
        try { cmdline = await File.ReadAllTextAsync($"/proc/{pid}/cmdline"); }
        catch (IOException) { return; }
        if (!cmdline.Split('\0').Contains(program)) return;
        Signals.Send(pid, Signals.SigKill);
        var deadline = DateTime.UtcNow + wait;
        while (Signals.IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
    }
}
