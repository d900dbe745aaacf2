using Xunit;

namespace Gravity.Testing;

/// <summary>A fact that builds a <see cref="NetworkNamespaceCluster"/>: skipped, with the reason, where it cannot (not root, no ip).</summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespaceCluster.Unavailable() is { } reason) Skip = reason;
    }
}
