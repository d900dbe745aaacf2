namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// The environment helm runs in: its configuration, cache and data folders point at an empty folder (no repositories,
/// no plugins, no registry credentials of the user), no cluster is configured, and every proxy variable points at a
/// closed local port so that anything that would reach the network fails at once instead of downloading.
/// </summary>
internal static class HelmEnvironment
{
    private const string NoNetwork = "http://127.0.0.1:9";

    /// <param name="home">An empty folder for helm's homes; null for a command that reads none (helm version).</param>
    public static IReadOnlyDictionary<string, string?> Isolated(string? home)
    {
        var empty = home ?? Path.Combine(Path.GetTempPath(), "gravity-helm-none");
        return new Dictionary<string, string?>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(empty, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(empty, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(empty, "data"),
            ["HELM_PLUGINS"] = Path.Combine(empty, "plugins"),
            ["HELM_REGISTRY_CONFIG"] = Path.Combine(empty, "registry.json"),
            ["HELM_REPOSITORY_CONFIG"] = Path.Combine(empty, "repositories.yaml"),
            ["HELM_REPOSITORY_CACHE"] = Path.Combine(empty, "repository"),
            ["HELM_CONTENT_CACHE"] = Path.Combine(empty, "content"),
            ["HELM_DEBUG"] = null,
            ["HELM_DRIVER"] = null,
            ["HELM_KUBECONTEXT"] = null,
            ["HELM_NAMESPACE"] = null,
            ["KUBECONFIG"] = Path.Combine(empty, "kubeconfig"),
            ["HTTP_PROXY"] = NoNetwork, ["HTTPS_PROXY"] = NoNetwork, ["ALL_PROXY"] = NoNetwork,
            ["http_proxy"] = NoNetwork, ["https_proxy"] = NoNetwork, ["all_proxy"] = NoNetwork,
            ["NO_PROXY"] = null, ["no_proxy"] = null,
        };
    }
}
