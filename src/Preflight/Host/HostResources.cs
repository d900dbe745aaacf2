using System.Globalization;

namespace Gravity.Preflight.Host;

/// <summary>CPU and memory as this node can use them: the machine's, narrowed by cgroup limits when they are lower.</summary>
internal static class HostResources
{
    /// <summary>.NET's processor count already honours the cgroup CPU quota and the affinity mask.</summary>
    public static int ProcessorCount => Environment.ProcessorCount;

    public static long TotalMemory(string memInfoPath)
    {
        long total = 0;
        foreach (var line in File.ReadLines(memInfoPath))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            total = long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            break;
        }
        var limit = CgroupMemoryLimit();
        return limit is > 0 && limit < total ? limit.Value : total;
    }

    private static long? CgroupMemoryLimit()
    {
        foreach (var path in new[] { "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes" })
        {
            try
            {
                var text = File.ReadAllText(path).Trim();
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
