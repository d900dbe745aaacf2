namespace Gravity.Oci.Registry;

/// <summary>
/// Insecure registries found to speak plain HTTP, remembered in a folder (one empty file per registry) so that later
/// runs go straight to HTTP instead of trying TLS first. Forgotten as soon as plain HTTP stops working there.
/// </summary>
public sealed class PlainHttpRegistries(string dir)
{
    public bool Contains(string registry) => File.Exists(PathOf(registry));

    public void Remember(string registry)
    {
        try
        {
            Directory.CreateDirectory(dir);
            File.Create(PathOf(registry)).Dispose();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Forget(string registry)
    {
        try { File.Delete(PathOf(registry)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // host:port and [v6]:port as a file name: only letters, digits, '.' and '-' pass, and the prefix keeps "." and ".."
    // from naming a folder.
    private string PathOf(string registry)
        => Path.Combine(dir, "r_" + string.Concat(RegistryHosts.Normalize(registry).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')));
}
