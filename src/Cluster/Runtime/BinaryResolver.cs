using Gravity.Cluster.Nodes;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Runtime;

/// <summary>Service binaries come from the cluster image's runtime package (&lt;state-dir&gt;/runtime/bin) when it carries them, else from the host.</summary>
public sealed class BinaryResolver(StateFolder layout)
{
    public string? Find(string program)
    {
        var packaged = layout.RuntimeBinary(program);
        return File.Exists(packaged) ? packaged : ProcessRunner.Which(program);
    }

    public string Require(string program)
        => Find(program) ?? throw new Gravity.Core.GravityException(
            $"{program} is neither in the cluster image's runtime package ({layout.RuntimeBin}) nor installed on this host");
}
