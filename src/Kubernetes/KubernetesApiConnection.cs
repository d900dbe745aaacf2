using k8s;

namespace Gravity.Kubernetes;

/// <summary>
/// The official client (KubernetesClient) for one cluster, plus a request of any resource path: 21.0.8 has typed
/// operations per kind and CustomObjects for groups, but no call for an arbitrary kind of the core group, which
/// applying an application's files needs. The request goes through the library's own pipeline (its TLS, credentials
/// and error handling), so nothing about authentication is written here.
/// </summary>
public sealed class KubernetesApiConnection(KubernetesClientConfiguration config) : k8s.Kubernetes(config)
{
    public static KubernetesApiConnection FromKubeconfig(string path) => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

    /// <summary>Sends <paramref name="request"/> (its URI relative to the API server); a refusal throws the library's HttpOperationException.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!request.RequestUri!.IsAbsoluteUri) request.RequestUri = new Uri(BaseUri, request.RequestUri);
        return SendRequestRaw("", request, ct);
    }
}
