using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Core.IO;

namespace Gravity.Cluster.Operations.Backup;

/// <summary>
/// `gravity backup FILE` and `gravity restore FILE` on this node. Backup runs the application's backup hook with the
/// node's backup folder (<see cref="StateFolder.Backup"/>) at <see cref="NodeDefaults.HookBackupPath"/>, then writes the folder's
/// contents as a gzipped tar to FILE (0600: a backup holds the application's secrets) through a temporary file beside
/// it, so a failed hook or archive leaves neither FILE nor the temporary file. Restore unpacks the archive into the
/// backup folder in one pass, checking as it goes (a refused archive is emptied away), and runs the restore hook. The folder is made anew,
/// empty and root's alone, before the hook and emptied after, whatever happened: no old data in a new backup, no
/// secrets left on the node. Both hold the node's operation lock, so they never run beside a phase or each other.
/// </summary>
public sealed class NodeBackup(TimeProvider? time = null, bool? runningAsRoot = null)
{
    private const UnixFileMode ArchiveMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly bool _root = runningAsRoot ?? Environment.IsPrivilegedProcess;

    public BackupArchiveLimits Limits { get; init; } = BackupArchiveLimits.Default;

    public async Task BackupAsync(string stateDir, string file, BackupHookOptions options, CancellationToken ct = default)
    {
        var (node, app) = Prepare(stateDir, "backup");
        var target = Path.GetFullPath(file);
        var dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir)) throw new GravityException($"cannot write the backup to {target}: the folder {dir} does not exist");
        if (Directory.Exists(target)) throw new GravityException($"cannot write the backup to {target}: it is a folder; give a file name");
        // The backup folder is emptied afterwards: an archive written there would archive itself and then be deleted.
        var realDir = new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dir;
        if (Within(realDir, node.Folder.Backup) || Within(realDir, node.StateDir))
            throw new GravityException($"cannot write the backup to {target}: it is inside the node's state folder {node.StateDir}, whose backup folder is emptied after every backup; write it elsewhere");
        using var _ = OperationLock.Acquire(node.StateDir);
        try
        {
            BackupFolder.Recreate(node.Folder.Backup);
            await RunHookAsync(node, app, "backup", options, ct);
            var entries = 0;
            await AtomicFile.WriteAsync(target, async output =>
                entries = await BackupArchiveWriter.WriteAsync(node.Folder.Backup, output, Limits, line => options.Messages?.Report(line), ct), ArchiveMode);
            if (entries == 0) options.Messages?.Report($"the backup hook wrote nothing into {NodeDefaults.HookBackupPath}: the archive is empty");
            options.Messages?.Report($"backup written to {target}");
        }
        finally
        {
            Empty(node, options);
        }
    }

    public async Task RestoreAsync(string stateDir, string file, BackupHookOptions options, CancellationToken ct = default)
    {
        var (node, app) = Prepare(stateDir, "restore");
        var source = Path.GetFullPath(file);
        await using var archive = OpenArchive(source);
        using var _ = OperationLock.Acquire(node.StateDir);
        try
        {
            // One pass, checked as it goes, into the folder only root reaches: a refused archive is emptied away below
            // and the hook never runs on part of it.
            BackupFolder.Recreate(node.Folder.Backup);
            await BackupArchiveReader.ExtractAsync(archive, source, node.Folder.Backup, Limits, ct);
            await RunHookAsync(node, app, "restore", options, ct);
            options.Messages?.Report($"restored from {source}");
        }
        finally
        {
            Empty(node, options);
        }
    }

    private static bool Within(string dir, string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return dir == full || dir.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Everything the command needs before it touches anything: root, the node, its application and the hook.</summary>
    private (NodeSettings Node, InstalledApplication App) Prepare(string stateDir, string hook)
    {
        if (!_root)
            throw new GravityException($"gravity {hook} must run as root: it uses the node's admin credentials and the backup holds the application's secrets (sudo gravity {hook} ...)");
        var node = NodeAgentConfig.Load(stateDir).Node;
        var app = InstalledApplication.Find(node.Folder)
                  ?? throw new GravityException($"no application is installed on this node ({Path.Combine(node.Folder.Site, "apps")} holds none): nothing to {hook}");
        if (app.Manifest.FindHook(hook) is null)
            throw new GravityException($"the application {app.Name}:{app.Version} defines no {hook} hook (hooks.{hook} in its manifest): gravity {hook} needs one");
        if (File.Exists(node.Folder.StoppedMarker))
            throw new GravityException($"this node is stopped (gravity stop): start it with gravity start before gravity {hook}");
        return (node, app);
    }

    private async Task RunHookAsync(NodeSettings node, InstalledApplication app, string hook, BackupHookOptions options, CancellationToken ct)
    {
        using var api = NodeKubernetes.TryConnect(node.Folder)
                        ?? throw new GravityException($"the {hook} hook needs Kubernetes and this node has none ({node.Folder.AdminKubeconfig} is missing)");
        try
        {
            await new ApplicationHooks(api, node, app.Name, app.Version, _time).RunAsync(app.Manifest, hook, options.HookLog ?? (_ => { }), ct, deadline: options.Timeout);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new GravityException($"the {hook} hook could not run: Kubernetes on this node does not answer ({ex.Message}); is the node running (gravity status)?", ex);
        }
    }

    /// <summary>The archive, opened non-blocking and checked on the handle: a FIFO swapped in after the look by path would hang the open.</summary>
    private static FileStream OpenArchive(string source)
    {
        var real = HostFile.RealPath(source) ?? source;
        var type = HostFile.TypeOf(real);
        if (type == UnixFileType.Missing) throw new GravityException($"{source} does not exist");
        if (type != UnixFileType.Regular) throw new GravityException($"{source} is {HostFile.Describe(type)}, not a backup archive");
        try
        {
            return new FileStream(HostFile.OpenRegular(real), FileAccess.Read);
        }
        catch (IOException ex)
        {
            throw new GravityException($"{source} cannot be read as a backup archive: {ex.Message}", ex);
        }
    }

    /// <summary>After the hook, whatever happened: the application's data does not stay on the node.</summary>
    private static void Empty(NodeSettings node, BackupHookOptions options)
    {
        try
        {
            BackupFolder.Recreate(node.Folder.Backup);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or GravityException)
        {
            options.Messages?.Report($"could not empty {node.Folder.Backup}: {ex.Message}; remove what it holds by hand");
        }
    }
}
