namespace Gravity.Testing.Kubernetes;

/// <summary>One kind the API server test double serves: where it lives in the API and which subresources it has.</summary>
public sealed record KubernetesResourceType(
    string Group, string Version, string Kind, string Plural, bool Namespaced, IReadOnlyList<string> ShortNames, IReadOnlyList<string> Subresources)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string Singular => Kind.ToLowerInvariant();
    public bool HasStatus => Subresources.Contains("status");

    /// <summary>Objects of every version of one group and plural are one set (the double converts nothing between versions).</summary>
    public string StoreKey => $"{Plural}.{Group}";

    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
