namespace Gravity.Packaging.RuntimePackages;

/// <summary>runtime.json: what a runtime package carries (see <see cref="RuntimePackageManifestParser"/>).</summary>
public sealed record RuntimePackageManifest(
    int FormatVersion,
    string KubernetesVersion,
    string Os,
    string Architecture,
    IReadOnlyList<RuntimePackageBinary> Binaries)
{
    public bool Carries(string program) => Binaries.Any(b => b.Name == program);
}

/// <summary>One program of bin/: its file name, what it is (etcd, kubelet...), and its own version when it has one.</summary>
public sealed record RuntimePackageBinary(string Name, string Kind, string? Version);
