namespace Gravity.Cluster.Runtime;

/// <summary>The logs root appends to (&lt;state-dir&gt;/logs, root's folder).</summary>
public static class LogFiles
{
    /// <summary>
    /// Removes a link where a log file belongs, so root never appends through it to a file it points to. Only a
    /// version that gave logs/ to the service user let one be planted; in a root-owned folder none can appear later.
    /// </summary>
    public static void RemoveLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
    }
}
