namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>The Kubernetes the cluster runtime provides (the kubectl that hooks get): charts render for this version.</summary>
public static class RuntimeKubernetes
{
    public const string Version = "v1.35.2";
}
