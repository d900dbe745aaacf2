namespace Gravity.Cluster.Runtime;

/// <summary>A runtime service the agent runs as a child process and keeps running.</summary>
public sealed record ServiceDefinition(string Name, string FileName, IReadOnlyList<string> Args)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; }
    /// <summary>The program the process ends up running (differs from <see cref="FileName"/> when a wrapper such as setpriv execs it); used to recognise a stale instance.</summary>
    public string? ProcessName { get; init; }

    /// <summary>The same service started through `setpriv` as another user (the service user), for services that need no root.</summary>
    public ServiceDefinition AsUser(string setpriv, int uid, int gid) => this with
    {
        FileName = setpriv,
        Args = ["--reuid", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--regid", gid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--clear-groups", "--", FileName, .. Args],
        ProcessName = ProcessName ?? FileName,
    };

    public override string ToString() => $"{Name}: {FileName} {string.Join(' ', Args)}";
}
