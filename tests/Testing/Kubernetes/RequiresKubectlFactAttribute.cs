using Xunit;

namespace Gravity.Testing.Kubernetes;

/// <summary>A test that runs the real kubectl v1.35.2: skipped, with the reason, where it is not installed.</summary>
public sealed class RequiresKubectlFactAttribute : FactAttribute
{
    public RequiresKubectlFactAttribute()
    {
        if (KubernetesTools.KubectlMissing is { } reason) Skip = reason;
    }
}
