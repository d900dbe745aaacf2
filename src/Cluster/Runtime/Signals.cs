using System.Runtime.InteropServices;

namespace Gravity.Cluster.Runtime;

/// <summary>POSIX signals to processes by id (.NET only offers Kill, i.e. SIGKILL).</summary>
public static class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <returns>false when the process does not exist.</returns>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => pid > 0 && kill(pid, 0) == 0 && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException) { return false; }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
