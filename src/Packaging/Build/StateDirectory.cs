namespace Gravity.Packaging.Build;

/// <summary>Where tele keeps its cache by default: $XDG_CACHE_HOME/gravity/tele, else ~/.cache/gravity/tele.</summary>
public static class StateDirectory
{
    public static string Default(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var xdg = getEnv("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "gravity", "tele");
    }

    public static string ContentDir(string stateDir) => Path.Combine(stateDir, "content");
}
