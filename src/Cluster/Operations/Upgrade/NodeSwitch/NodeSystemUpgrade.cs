using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Core;
using Gravity.Oci.Registry;
using Gravity.Packaging.ClusterImage;
using FileModes = Gravity.Cluster.Operations.FileModes;

namespace Gravity.Cluster.Operations.Upgrade.NodeSwitch;

/// <summary>
/// What an upgrade changes on one node, in three steps the plan runs separately so that each can be rolled back:
/// <see cref="StageAsync"/> (bootstrap) puts the new runtime package and gravity binary beside the running ones;
/// <see cref="SwitchAsync"/> (system-upgrade) restarts the node's agent and services on them, keeping the old ones;
/// <see cref="CollectAsync"/> (gc) removes the old ones once the operation has completed.
/// Every step works from what is on disk, so a step killed half way is finished (or undone) by running it again.
/// </summary>
/// <param name="from">The installed version's folder (<see cref="StateFolder.AppDir"/>): its head says which runtime package runs now.</param>
/// <param name="to">The new version's folder, as upload (or bootstrap on a node without it) put it there.</param>
public sealed class NodeSystemUpgrade(NodeSettings node, INodeRuntime runtime, string from, string to)
{
    /// <summary>In the new version's folder: the gravity binary of its cluster image (upload puts it there).</summary>
    public const string GravityBinaryName = ClusterImageLayout.GravityBinary;

    private readonly StateFolder _layout = node.Folder;

    /// <summary>
    /// Bootstrap: unpacks the new version's runtime package of the node's profile into <see cref="StateFolder.RuntimeNext"/>
    /// (pulled by digest from <paramref name="registry"/>, a master's cluster registry), unless it is the one running,
    /// and stages the new gravity binary when the version's folder has one. Returns what was staged, for the log.
    /// </summary>
    public async Task<IReadOnlyList<string>> StageAsync(RegistryClient client, string registry, Action<string> log, CancellationToken ct)
    {
        var target = await ReadHeadAsync(to, ct);
        var staged = new List<string>();
        if (Directory.Exists(_layout.RuntimePrevious) || File.Exists(_layout.GravityBinaryPrevious))
        {
            log($"node {node.NodeName} runs the new version already (its previous runtime is kept in {_layout.RuntimePrevious}): nothing to stage");
            return staged;
        }
        if (RuntimeChanges(await ReadHeadAsync(from, ct), target) is { } package)
        {
            await NodeRuntimePackage.PullAndUnpackAsync(target, node.Role, client, registry, _layout, _layout.RuntimeNext, log, ct);
            staged.Add($"runtime package {package.Reference}");
        }
        else log($"the runtime package of profile {node.Role} does not change: the node keeps {_layout.RuntimeDir}");

        var binary = Path.Combine(to, GravityBinaryName);
        if (File.Exists(binary))
        {
            Directory.CreateDirectory(_layout.Bin);
            await AtomicFile.CopyAsync(binary, _layout.GravityBinaryNext, FileModes.Executable, ct);
            staged.Add("gravity binary");
        }
        else log($"{to} has no gravity binary: the node keeps {_layout.GravityBinary}");
        return staged;
    }

    /// <summary>Bootstrap's rollback: removes what <see cref="StageAsync"/> staged (never the running runtime).</summary>
    public Task UnstageAsync(CancellationToken ct)
    {
        DeleteFolder(_layout.RuntimeNext);
        File.Delete(_layout.GravityBinaryNext);
        return Task.CompletedTask;
    }

    /// <summary>
    /// System-upgrade: stops the node agent and its services, makes the staged runtime and gravity binary the node's
    /// (the running ones become the previous), starts the agent again and waits until every service is healthy.
    /// </summary>
    public async Task SwitchAsync(TimeSpan healthTimeout, Action<string> log, CancellationToken ct)
    {
        RefuseInsideTheAgent("system-upgrade");
        if (!Directory.Exists(_layout.RuntimeNext) && !File.Exists(_layout.GravityBinaryNext) && !Directory.Exists(_layout.RuntimePrevious)
            && !File.Exists(_layout.GravityBinaryPrevious))
            throw new GravityException($"nothing is staged for the upgrade on node {node.NodeName} ({_layout.RuntimeNext} and {_layout.GravityBinaryNext} are missing): execute its bootstrap phase first");
        var config = NodeAgentConfig.Load(node.StateDir);
        await runtime.StopAgentAsync(node, ct);
        SwapFolder(_layout.RuntimeNext, _layout.RuntimeDir, _layout.RuntimePrevious, log);
        SwapFile(_layout.GravityBinaryNext, _layout.GravityBinary, _layout.GravityBinaryPrevious, log);
        await StartHealthyAsync(config, healthTimeout, log, ct);
    }

    /// <summary>System-upgrade's rollback: the previous runtime and gravity binary become the node's again (the new ones staged once more), then the agent restarts on them.</summary>
    public async Task SwitchBackAsync(TimeSpan healthTimeout, Action<string> log, CancellationToken ct)
    {
        RefuseInsideTheAgent("the rollback of system-upgrade");
        var config = NodeAgentConfig.Load(node.StateDir);
        await runtime.StopAgentAsync(node, ct);
        SwapFolder(_layout.RuntimePrevious, _layout.RuntimeDir, _layout.RuntimeNext, log);
        SwapFile(_layout.GravityBinaryPrevious, _layout.GravityBinary, _layout.GravityBinaryNext, log);
        await StartHealthyAsync(config, healthTimeout, log, ct);
    }

    /// <summary>Gc, once the operation has completed: the previous runtime, gravity binary and version folder go.</summary>
    public Task CollectAsync(Action<string> log, CancellationToken ct)
    {
        foreach (var folder in new[] { _layout.RuntimePrevious, _layout.RuntimeNext, from })
            if (DeleteFolder(folder)) log($"removed {folder}");
        foreach (var file in new[] { _layout.GravityBinaryPrevious, _layout.GravityBinaryNext })
            if (File.Exists(file)) { File.Delete(file); log($"removed {file}"); }
        return Task.CompletedTask;
    }

    /// <summary>The new runtime package of this node's profile when it is not the one running, else null.</summary>
    private HeadRuntimePackage? RuntimeChanges(ClusterImageHead current, ClusterImageHead target)
    {
        if (!target.RuntimePackages.TryGetValue(node.Role, out var next)) return null;
        return current.RuntimePackages.TryGetValue(node.Role, out var now) && now.Digest == next.Digest ? null : next;
    }

    private static async Task<ClusterImageHead> ReadHeadAsync(string appDir, CancellationToken ct)
    {
        var path = Path.Combine(appDir, "head.json");
        if (!File.Exists(path)) throw new GravityException($"{path} is missing: the version is not on this node (upload it, or run the node's bootstrap phase)");
        try
        {
            return ClusterImageHead.Parse(await File.ReadAllBytesAsync(path, ct));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or global::System.Text.Json.JsonException)
        {
            throw new GravityException($"{path}: {ex.Message}", ex);
        }
    }

    private async Task StartHealthyAsync(NodeAgentConfig config, TimeSpan healthTimeout, Action<string> log, CancellationToken ct)
    {
        await runtime.StartAgentAsync(config, ct);
        await runtime.WaitHealthyAsync(node, healthTimeout, ct);
        log($"node {node.NodeName} is healthy on {RuntimeOf()}");
    }

    private string RuntimeOf() => File.Exists(_layout.RuntimeManifest) ? $"the runtime package in {_layout.RuntimeDir}" : "the host's programs";

    /// <summary>
    /// Makes <paramref name="incoming"/> the <paramref name="current"/> folder and keeps the current one as
    /// <paramref name="outgoing"/>. Each rename is one step; a run killed between them is completed by the next run,
    /// which finds the current folder missing and the incoming one still there.
    /// </summary>
    private static void SwapFolder(string incoming, string current, string outgoing, Action<string> log)
    {
        if (!Directory.Exists(incoming)) return;
        // A kill between the two renames, then a start of the node agent, leaves an empty current folder (the agent
        // creates its folders): it holds nothing, and the run goes on as if killed there.
        if (Directory.Exists(current) && Directory.Exists(outgoing) && !Directory.EnumerateFileSystemEntries(current).Any())
            Directory.Delete(current);
        if (Directory.Exists(current))
        {
            // All three there: the replaced runtime would be lost (a second bootstrap after the switch, say). Refuse.
            if (Directory.Exists(outgoing))
                throw new GravityException($"{current}, {incoming} and {outgoing} all exist, and which of them the node ran cannot be told: " +
                                           $"compare their runtime.json with the versions of the operation, keep the two it needs and run the phase again");
            Directory.Move(current, outgoing);
        }
        Directory.Move(incoming, current);
        log($"{current} now holds what was in {incoming}; the replaced one is {outgoing}");
    }

    private static void SwapFile(string incoming, string current, string outgoing, Action<string> log)
    {
        if (!File.Exists(incoming)) return;
        if (File.Exists(current))
        {
            // A copy (whole, then renamed), then one rename over the current: at no moment is there no gravity binary
            // for the agent to start from. A kill after the copy leaves the copy equal to the current one: go on.
            if (File.Exists(outgoing) && !SameBytes(current, outgoing))
                throw new GravityException($"{current}, {incoming} and {outgoing} all exist, and which of them the node ran cannot be told: " +
                                           "keep the two the operation needs and run the phase again");
            if (!File.Exists(outgoing))
            {
                File.Copy(current, outgoing + ".part", overwrite: true);
                File.Move(outgoing + ".part", outgoing);
            }
        }
        File.Move(incoming, current, overwrite: true);
        log($"{current} is now the staged {Path.GetFileName(incoming)}; the replaced one is {outgoing}");
    }

    private static bool SameBytes(string a, string b)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length) return false;
        using var x = File.OpenRead(a);
        using var y = File.OpenRead(b);
        var (bx, by) = (new byte[81920], new byte[81920]);
        int n;
        while ((n = x.Read(bx)) > 0)
        {
            y.ReadExactly(by.AsSpan(0, n));
            if (!bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, n))) return false;
        }
        return true;
    }

    private static bool DeleteFolder(string path)
    {
        if (!Directory.Exists(path)) return false;
        Directory.Delete(path, recursive: true);
        return true;
    }

    // The node agent runs remote phases in its own process: stopping it from inside would kill the phase half way.
    private void RefuseInsideTheAgent(string what)
    {
        if (AgentLauncher.RunningPid(node.StateDir) == Environment.ProcessId)
            throw new GravityException($"{what} restarts the node agent of {node.NodeName}, which cannot run it itself: run it through the update agent " +
                                       $"(gravity agent deploy) or with `gravity plan execute` on node {node.NodeName}");
    }
}
