using System.Globalization;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Runtime;

/// <summary>Gives the service user the files of the services it runs (recursively only when the top is not theirs yet: a large registry is not walked at every start).</summary>
public static class ServiceUserFiles
{
    public static async Task GiveAsync(NodeAgentConfig config, IEnumerable<string> paths, bool recursive = true)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{config.ServiceUid}:{config.ServiceGid}");
        foreach (var path in paths.Where(Path.Exists))
        {
            var current = await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", "--", path], timeout: TimeSpan.FromSeconds(10));
            if (current.StdOut.Trim() == owner) continue;
            await ProcessRunner.RunCheckedAsync("chown", recursive ? ["-R", owner, "--", path] : [owner, "--", path], timeout: TimeSpan.FromMinutes(5));
        }
    }
}
