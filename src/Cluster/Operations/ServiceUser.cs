using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations;

/// <summary>The service user and group (uid/gid from --service-uid/--service-gid): created with groupadd/useradd when missing.</summary>
public static class ServiceUser
{
    public const string DefaultName = "planet";

    /// <summary>Ensures a group with <paramref name="gid"/> and a user with <paramref name="uid"/> exist; returns what was created ("group planet", "user planet").</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(int uid, int gid, CancellationToken ct)
    {
        var created = new List<string>();
        if (await LookupAsync("group", gid, ct) is null)
        {
            var name = await FreeNameAsync("group", ct);
            await ProcessRunner.RunCheckedAsync(Tool("groupadd"), ["--gid", gid.ToString(), name], ct: ct);
            created.Add($"group {name}");
        }
        if (await LookupAsync("passwd", uid, ct) is null)
        {
            var name = await FreeNameAsync("passwd", ct);
            await ProcessRunner.RunCheckedAsync(Tool("useradd"),
                ["--uid", uid.ToString(), "--gid", gid.ToString(), "--no-create-home", "--system", "--shell", "/usr/sbin/nologin", name], ct: ct);
            created.Add($"user {name}");
        }
        return created;
    }

    /// <summary>Removes the user and group listed in the marker file written when they were created.</summary>
    public static async Task RemoveCreatedAsync(string markerPath, CancellationToken ct)
    {
        if (!File.Exists(markerPath)) return;
        var lines = await File.ReadAllLinesAsync(markerPath, ct);
        foreach (var line in lines.Where(l => l.StartsWith("user ", StringComparison.Ordinal)))
            await ProcessRunner.RunAsync(Tool("userdel"), [line[5..]], ct: ct);
        foreach (var line in lines.Where(l => l.StartsWith("group ", StringComparison.Ordinal)))
            await ProcessRunner.RunAsync(Tool("groupdel"), [line[6..]], ct: ct);
        File.Delete(markerPath);
    }

    /// <summary>The name of the entry with this id in the passwd or group database, or null.</summary>
    public static async Task<string?> LookupAsync(string database, int id, CancellationToken ct)
    {
        var r = await ProcessRunner.RunAsync(Tool("getent"), [database, id.ToString()], ct: ct);
        return r.Succeeded && r.StdOut.Length > 0 ? r.StdOut.Split(':')[0] : null;
    }

    private static async Task<string> FreeNameAsync(string database, CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            var name = i == 0 ? DefaultName : $"{DefaultName}{i}";
            var r = await ProcessRunner.RunAsync(Tool("getent"), [database, name], ct: ct);
            if (!r.Succeeded) return name;
        }
        throw new GravityException($"cannot find a free name for the service {database} entry ({DefaultName}, {DefaultName}1, ...)");
    }

    private static string Tool(string name) => ProcessRunner.Which(name)
        ?? throw new GravityException($"{name} is not installed: it is needed to create the service user (install the passwd package, or pass --service-uid/--service-gid of an existing user)");
}
