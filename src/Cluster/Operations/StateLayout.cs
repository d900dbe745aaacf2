namespace Gravity.Cluster.Operations;

/// <summary>Where the install puts things under the state folder (everything it creates lives here, so leave can remove it).</summary>
public sealed record StateLayout(string StateDir)
{
    public string Local => Path.Combine(StateDir, "local");
    public string Bin => Path.Combine(StateDir, "bin");
    public string GravityBinary => Path.Combine(Bin, "gravity");
    public string Site => Path.Combine(StateDir, "site");
    public string AppDir(string name, string version) => Path.Combine(Site, "apps", name, version);
    public string Secrets => Path.Combine(StateDir, "secrets");
    public string Logs => Path.Combine(StateDir, "logs");
    /// <summary>Present while the node is stopped by `gravity stop`.</summary>
    public string StoppedMarker => Path.Combine(Local, "stopped");
    /// <summary>Written by /configure when it had to create the service user, so leave removes that user too.</summary>
    public string CreatedUserMarker => Path.Combine(Local, "created-service-user");

    /// <summary>The folders /bootstrap creates; the runtime's services write in them as the service user.</summary>
    public IReadOnlyList<string> ServiceFolders => [Site, Bin, Logs];
}
