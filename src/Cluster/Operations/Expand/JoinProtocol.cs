namespace Gravity.Cluster.Operations.Expand;

// The messages of the join channel between a joining node and a cluster node's agent (Agent.Server's JoinEndpoint).

/// <summary>
/// GET /v1/join/ca?nonce=N: the cluster CA, and a proof that the answering node knows the join token (an HMAC of the
/// nonce and the CA keyed with the token), so the joiner trusts the CA before it sends the token anywhere. A cluster with
/// several join tokens answers one proof per active token in <see cref="Proofs"/> (<see cref="Proof"/> is the first).
/// </summary>
public sealed record JoinCaResponse(string CaPem, string Proof, IReadOnlyList<string>? Proofs = null);

/// <summary>POST /v1/join (Authorization: Bearer JOIN-TOKEN): who wants to join.</summary>
public sealed record JoinStartRequest(string NodeName, string AdvertiseAddr, string HostName, string? Role);

/// <summary>
/// What the cluster decided about the joining node and what it needs to plan its join: the expand operation and its own
/// token (it expires), the role and whether the node becomes a master, the application, and where etcd and the
/// cluster registry are.
/// </summary>
public sealed record JoinStartResponse(
    string OperationId,
    string OperationToken,
    DateTimeOffset Expires,
    string ClusterName,
    string Role,
    bool Master,
    string AppName,
    string AppVersion,
    string AppManifestYaml,
    string PeerNodeName,
    string PeerRegistry,
    IReadOnlyList<string> EtcdClientUrls);

/// <summary>
/// POST /v1/join/{operation}/certificate (Authorization: Bearer OPERATION-TOKEN): the joining node's key, as a CSR; a
/// regular node also sends the keys of its kubelet and kube-proxy (a master issues its own from the CA key it receives).
/// </summary>
public sealed record JoinCertificateRequest(string CsrPem, string? KubeletCsrPem = null, string? KubeProxyCsrPem = null);

/// <summary>
/// The node certificate signed by the cluster CA, and for a master the CA key (masters sign the certificates of later
/// joins); for a regular node that asked, its kubelet's (system:node:NAME) and kube-proxy's client certificates.
/// </summary>
public sealed record JoinCertificateResponse(string CertPem, string? CaKeyPem, string? KubeletCertPem = null, string? KubeProxyCertPem = null);
