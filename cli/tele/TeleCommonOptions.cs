using Gravity.Packaging.Build;

namespace Gravity.Cli;

/// <summary>tele's meaning of the common flags: the state folder is the cache shared between builds.</summary>
public static partial class CommonOptions
{
    private static partial string StateDirDefault() => StateDirectory.Default();
    private static partial string StateDirDescription => "Cache shared between builds: $XDG_CACHE_HOME/gravity/tele, else ~/.cache/gravity/tele, unless given";
    private static partial string InsecureDescription => "Skip TLS verification of the Hub and of registries; allow registries over plain HTTP";
}
