using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime.Services;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /configure/certificates of a join: keys made here (they never leave the node), signed by the cluster CA through
/// the peer; a master receives the CA key too, to sign later joins (and its Kubernetes certificates), while a regular
/// node gets its kubelet's and kube-proxy's client certificates signed with it and their kubeconfigs written, pointing
/// at the API server of the master it joined through (without them its kubelet could never register).
/// </summary>
public sealed class JoinCertificatesExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var pki = new ClusterPki(join.Node.StateDir);
        var kubernetes = new KubernetesPki(pki);
        if (pki.HasNodeCertificate && (join.Node.Master ? pki.HasCertificateAuthority : HasKubernetesClients(kubernetes))) return;
        using var key = NewKey();
        using var kubeletKey = NewKey();
        using var proxyKey = NewKey();
        var request = new JoinCertificateRequest(Csr($"CN={join.Node.NodeName}, O=gravity", key),
            join.Node.Master ? null : Csr(KubernetesPki.KubeletSubject(join.Node.NodeName), kubeletKey),
            join.Node.Master ? null : Csr(KubernetesPki.KubeProxySubject, proxyKey));
        using var peer = await join.ConnectAsync(ct);
        var signed = await peer.SignAsync(join.Config.Admission.OperationId, join.Config.Admission.OperationToken, request, ct);
        await pki.SaveJoinedAsync(join.Config.CaPem, signed.CaKeyPem, signed.CertPem, key.ExportPkcs8PrivateKeyPem());
        context.Log($"node certificate of {join.Node.NodeName} signed by the cluster CA{(signed.CaKeyPem is null ? "" : " (with the CA key: this node is a master)")}");
        if (join.Node.Master) return;
        if (signed is not { KubeletCertPem: { } kubelet, KubeProxyCertPem: { } proxy })
        {
            context.Log("the peer signed no kubelet and kube-proxy certificates (a gravity before they were issued at join): this node's kubelet and kube-proxy do not start");
            return;
        }
        await kubernetes.SaveIssuedAsync(kubernetes.Kubelet, kubelet, kubeletKey.ExportPkcs8PrivateKeyPem());
        await kubernetes.SaveIssuedAsync(kubernetes.KubeProxy, proxy, proxyKey.ExportPkcs8PrivateKeyPem());
        var api = join.Node.KubernetesApiUrl;
        await KubeconfigFile.WriteAsync(join.Layout.KubeletKubeconfig, api, kubernetes.Kubelet, $"system:node:{join.Node.NodeName}");
        await KubeconfigFile.WriteAsync(join.Layout.KubeProxyKubeconfig, api, kubernetes.KubeProxy, "system:kube-proxy");
        context.Log($"kubelet and kube-proxy certificates of {join.Node.NodeName} signed by the cluster CA; their Kubernetes API is {api}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        if (Directory.Exists(join.Layout.Secrets)) Directory.Delete(join.Layout.Secrets, recursive: true);
        foreach (var kubeconfig in new[] { join.Layout.KubeletKubeconfig, join.Layout.KubeProxyKubeconfig })
            File.Delete(kubeconfig);
        return Task.CompletedTask;
    }

    private static bool HasKubernetesClients(KubernetesPki kubernetes) =>
        File.Exists(kubernetes.Kubelet.CertPath) && File.Exists(kubernetes.KubeProxy.CertPath);

    private static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static string Csr(string subject, ECDsa key) => new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
}
