using Xunit;

namespace Gravity.Testing;

/// <summary>A fact that needs root and the host's etcd, containerd and runc to put into a runtime package; skipped, with the reason, without them.</summary>
public sealed class RequiresHostRuntimeFactAttribute : FactAttribute
{
    public RequiresHostRuntimeFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "a node's runtime runs as root";
        else if (RuntimePackageTestImage.HostPrograms() is null) Skip = "etcd, containerd or runc is not installed (scripts/install-deps.sh installs them)";
    }
}
