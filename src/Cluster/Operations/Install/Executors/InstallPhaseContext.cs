using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Install;
namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>What every install phase executor shares: the operation's inputs, the image it installs, the runtime.</summary>
public sealed record InstallPhaseContext(InstallConfig Config, INodeRuntime Runtime, Func<CancellationToken, Task<UnpackedClusterImage>> OpenImage)
{
    public StateFolder Layout => Config.Folder;
}
