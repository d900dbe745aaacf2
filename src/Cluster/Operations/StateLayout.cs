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
    /// <summary>Written when the install created the state folder itself, so leave removes the folder even when operations.db cannot be read.</summary>
    public string CreatedStateDirMarker => Path.Combine(Local, "created-state-folder");

    /// <summary>
    /// The folders /bootstrap creates for the install's own files. Root runs the gravity binary from bin/ and reads
    /// site/, so they stay root's (the service user owns only its services' data; see INodeRuntime.ServiceUserFolders).
    /// </summary>
    public IReadOnlyList<string> RootFolders => [Site, Bin, Logs];

    /// <summary>The entries of the state folder the install itself creates (the runtime adds its own).</summary>
    public IReadOnlyList<string> CreatedEntries => [Local, Bin, Site, Secrets, Logs];
}
