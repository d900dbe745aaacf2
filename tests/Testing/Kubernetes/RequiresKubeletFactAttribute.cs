using Xunit;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// A test that runs containers through the <see cref="KubeletTestDouble"/> (containerd, runc, busybox-static, root;
/// with <c>Kubectl = true</c> also the real kubectl): skipped, with the reason, where they are missing.
/// </summary>
public sealed class RequiresKubeletFactAttribute : FactAttribute
{
    public RequiresKubeletFactAttribute(bool kubectl = false)
    {
        if ((KubeletTestDouble.Unavailable() ?? BusyboxTestImage.Unavailable() ?? (kubectl ? KubernetesTools.KubectlMissing : null)) is { } reason) Skip = reason;
    }
}
