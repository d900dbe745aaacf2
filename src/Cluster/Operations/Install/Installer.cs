using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Manifest;
using Gravity.Cluster.Operations.Install.Executors;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// `gravity install`: checks the image and the flags before anything on the node changes (a damaged image or an
/// unknown role is refused here, before any phase, and so is an application the runtime cannot install), then creates the install operation and its plan, and runs it
/// unless --manual.
/// </summary>
public sealed class Installer(INodeRuntime runtime)
{
    public async Task<InstallResult> InstallAsync(InstallRequest request, IProgress<PhaseEvent>? progress = null, IProgress<string>? messages = null, CancellationToken ct = default)
    {
        var stateDir = Path.GetFullPath(request.StateDir);
        await EnsureNoClusterAsync(stateDir, ct);
        EnsureNothingInTheWay(stateDir);

        var image = await UnpackedClusterImage.OpenAsync(request.ImageDir, ct);
        messages?.Report($"verifying cluster image {image.Head.Name}:{image.Head.Version} in {image.Dir}");
        await image.VerifyAsync(ct: ct);

        var config = CreateConfig(request, stateDir, image);
        config = config with { RuntimeHasKubernetes = await KubernetesRequirement.RuntimeHasKubernetesAsync(image, config.Node.Role, ct) };
        // What /checks would refuse first, refused before the operation is recorded: nothing in the state folder, nothing started.
        ChecksExecutor.EnsureRuntimeCanInstall(image, config);
        var operationId = Guid.NewGuid().ToString();
        var store = new OperationStore(stateDir);
        var record = new OperationRecord(operationId, OperationTypes.Install, OperationState.InProgress, config.Node.ClusterName, config.Created, config.Created, null, config.Serialize());
        var plan = OperationKinds.Default.Get(record.Type, record.Id).BuildPlan(record);
        await store.CreateAsync(record, plan, ct);
        if (!config.StateDirExisted) await File.WriteAllTextAsync(config.Folder.CreatedStateDirMarker, "", ct);
        // The node record from the start: status, stop and leave work on a node whose install has not got far.
        await NodeAgentConfig.Of(config.Node).SaveAsync();
        messages?.Report($"created install operation {operationId} for cluster {config.Node.ClusterName} (node {config.Node.NodeName}, role {config.Node.Role})");

        var session = await OperationSession.OpenAsync(store, record, runtime, progress, ct, image);
        if (request.Manual) return new InstallResult(operationId, false, await session.Engine.GetStatusAsync(ct));
        var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
        return new InstallResult(operationId, status.IsCompleted, status);
    }

    /// <summary>`gravity install --resume`: continues the install in progress on this node.</summary>
    public async Task<InstallResult> ResumeAsync(string stateDir, IProgress<PhaseEvent>? progress = null, CancellationToken ct = default)
    {
        var session = await OperationSession.OpenCurrentAsync(stateDir, runtime, progress, ct);
        if (session.Operation.Type != OperationTypes.Install)
            throw new GravityException($"the operation in progress is {session.Operation.Type} {session.Operation.Id}, not an install: use gravity plan resume");
        var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
        return new InstallResult(session.Operation.Id, status.IsCompleted, status);
    }

    private static async Task EnsureNoClusterAsync(string stateDir, CancellationToken ct)
    {
        var store = new OperationStore(stateDir);
        if (!store.Database.Exists) return;
        var install = (await store.ListAsync(ct)).FirstOrDefault(o => o.Type == OperationTypes.Install);
        switch (install?.State)
        {
            case OperationState.InProgress:
                throw new GravityException($"an install is already in progress on this node (operation {install.Id}); continue it with gravity install --resume or gravity plan resume");
            case OperationState.Completed:
                throw new GravityException($"a cluster ({install.ClusterName}) is already installed on this node (state folder {stateDir}); remove it with gravity leave --force first");
            case OperationState.Failed:
                throw new GravityException($"a failed install of cluster {install.ClusterName} is still on this node; remove it with gravity leave --force first");
        }
    }

    /// <summary>
    /// In a state folder that exists already, the install creates only entries that are not there: leave removes
    /// exactly what the install created, so an entry of the user's with such a name must not be mixed with the install's.
    /// </summary>
    internal static void EnsureNothingInTheWay(string stateDir)
    {
        if (!Directory.Exists(stateDir)) return;
        var taken = new StateFolder(stateDir).CreatedEntries.Where(Path.Exists).ToList();
        if (taken.Count > 0)
            throw new GravityException($"the state folder {stateDir} already holds {string.Join(", ", taken)}, which the install would create: " +
                "move it away or choose another --state-dir (gravity leave removes only what the install created)");
    }

    private static InstallConfig CreateConfig(InstallRequest request, string stateDir, UnpackedClusterImage image)
    {
        var manifest = image.Manifest;
        var role = ResolveRole(manifest, request);
        var gravity = request.Gravity ?? GravityProgram.Current();
        var node = request.ToNodeSettings(stateDir, request.ClusterName ?? $"{manifest.Metadata.Name}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}", role, gravity) with
        {
            Kubernetes = manifest.FindProfile(role) is { } profile ? KubernetesNodeOptions.From(manifest, profile) : new(),
        };
        return new InstallConfig
        {
            ImageDir = image.Dir,
            Node = node,
            Flavor = request.Flavor ?? manifest.DefaultFlavor?.Name,
            AppName = manifest.Metadata.Name,
            AppVersion = manifest.Metadata.ResourceVersion,
            JoinToken = request.Token ?? RandomNumberGenerator.GetHexString(32, lowercase: true),
            GravityBinary = gravity.FileName,
            GravityArgs = gravity.Args,
            CopyGravityBinary = gravity.Standalone,
            Created = DateTimeOffset.UtcNow,
            StateDirExisted = Directory.Exists(stateDir),
            SkippedChecks = request.SkipChecks,
        };
    }

    /// <summary>--role when given (it must be a profile); else the first profile of the flavor (--flavor or the default); else the only profile.</summary>
    public static string ResolveRole(AppManifest manifest, InstallRequest request)
    {
        var profiles = string.Join(", ", manifest.NodeProfiles.Select(p => p.Name));
        if (request.Role is { } role)
            return manifest.FindProfile(role) is not null ? role
                : throw new GravityException($"--role {role}: the application has no such node profile (profiles: {profiles})");
        var flavor = request.Flavor is { } name
            ? manifest.FindFlavor(name) ?? throw new GravityException($"--flavor {name}: the application has no such flavor (flavors: {string.Join(", ", manifest.Installer.Flavors.Items.Select(f => f.Name))})")
            : manifest.DefaultFlavor;
        var fromFlavor = flavor?.Nodes.FirstOrDefault()?.Profile;
        if (fromFlavor is not null) return fromFlavor;
        return manifest.NodeProfiles.FirstOrDefault()?.Name
            ?? throw new GravityException("the application defines no node profiles: pass --role");
    }

    internal static string DefaultAdvertiseAddr()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return address?.ToString() ?? "127.0.0.1";
    }
}
