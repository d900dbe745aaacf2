namespace Gravity.Core;

/// <summary>Where a node keeps all its cluster data unless told otherwise (gravity --state-dir): the one place that says so.</summary>
public static class NodeStateDirectory
{
    public const string Default = "/var/lib/gravity";
}
