using Gravity.Core;

namespace Gravity.Cli;

/// <summary>gravity's meaning of the common flags: the state folder is where the node keeps all its cluster data.</summary>
public static partial class CommonOptions
{
    private static partial string StateDirDefault() => NodeDefaults.StateDir;
    private static partial string StateDirDescription => "Directory for local state: where all cluster data of this node is kept";
    private static partial string InsecureDescription => "Skip TLS verification (this node's cluster registry, which gravity reaches on loopback, is never verified)";
}
