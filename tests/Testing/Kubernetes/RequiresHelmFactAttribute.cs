using Xunit;

namespace Gravity.Testing.Kubernetes;

/// <summary>A test that runs the real helm v4.1.4: skipped, with the reason, where it is not installed.</summary>
public sealed class RequiresHelmFactAttribute : FactAttribute
{
    public RequiresHelmFactAttribute()
    {
        if (KubernetesTools.HelmMissing is { } reason) Skip = reason;
    }
}
