namespace Gravity.Cluster.Nodes;

/// <summary>
/// This machine's host name as a node records it when it is installed or joins (and as a joining node gives it to the
/// cluster for its certificate): the whole name, as `hostname` prints it (.NET's MachineName stops at the first dot).
/// </summary>
public static class NodeHostName
{
    public static string Current() => System.Net.Dns.GetHostName();
}
