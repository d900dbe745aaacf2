using System.Globalization;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Registry;

/// <summary>
/// Hands what root wrote into the cluster registry's data folder to the service user, under whom the registry runs and
/// must be able to write there later.
/// </summary>
public static class RegistryDataOwner
{
    public static async Task GiveToServiceUserAsync(string registryDataDir, int serviceUid, int serviceGid, CancellationToken ct = default)
    {
        if (!Environment.IsPrivilegedProcess || !Directory.Exists(registryDataDir)) return;
        var owner = string.Create(CultureInfo.InvariantCulture, $"{serviceUid}:{serviceGid}");
        // Only what is not the service user's yet (what root just created): a large registry is not rewritten.
        await ProcessRunner.RunCheckedAsync("find", [registryDataDir, "-xdev", "(", "!", "-uid", serviceUid.ToString(CultureInfo.InvariantCulture),
            "-o", "!", "-gid", serviceGid.ToString(CultureInfo.InvariantCulture), ")", "-exec", "chown", "-h", owner, "--", "{}", "+"],
            timeout: TimeSpan.FromMinutes(5), ct: ct);
    }
}
