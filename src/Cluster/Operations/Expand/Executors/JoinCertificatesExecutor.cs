using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /configure/certificates of a join: a key made here (it never leaves the node), signed by the cluster CA through
/// the peer; a master receives the CA key too, to sign later joins.
/// </summary>
public sealed class JoinCertificatesExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var pki = new ClusterPki(join.Node.StateDir);
        if (pki.HasNodeCertificate && (!join.Node.Master || pki.HasCertificateAuthority)) return;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN={join.Node.NodeName}, O=gravity", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var peer = await join.ConnectAsync(ct);
        var signed = await peer.SignAsync(join.Config.Admission.OperationId, join.Config.Admission.OperationToken, new JoinCertificateRequest(csr), ct);
        await pki.SaveJoinedAsync(join.Config.CaPem, signed.CaKeyPem, signed.CertPem, key.ExportPkcs8PrivateKeyPem());
        context.Log($"node certificate of {join.Node.NodeName} signed by the cluster CA{(signed.CaKeyPem is null ? "" : " (with the CA key: this node is a master)")}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        if (Directory.Exists(join.Layout.Secrets)) Directory.Delete(join.Layout.Secrets, recursive: true);
        return Task.CompletedTask;
    }
}
