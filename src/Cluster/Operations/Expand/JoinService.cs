using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime.Services;
using Gravity.Cluster.State;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// A cluster node's side of a join: proves it knows the join token, checks the token and the request, decides the
/// role, admits an expand operation with its own expiring token (<see cref="ExpandGrant"/> in etcd), signs the joining
/// node's certificate and names the application folder it downloads. Nothing changes on this node or in the cluster
/// before the token and the request passed; the joining node makes every later change itself, with the certificate.
/// </summary>
public sealed partial class JoinService(NodeSettings node, Func<IClusterStore> etcdFactory, TimeProvider time)
{
    /// <summary>As long as Gravity's expand tokens live (24 h): a join stopped overnight can still be resumed.</summary>
    public static readonly TimeSpan GrantLifetime = TimeSpan.FromHours(24);
    private readonly ClusterPki _pki = new(node.StateDir);

    public async Task<JoinCaResponse> ProveAsync(string nonce, CancellationToken ct)
    {
        if (nonce.Length is < 16 or > 128) throw new JoinRefusedException(JoinRefusal.Invalid, "the nonce must have 16 to 128 characters");
        // One etcd client and one read of the cluster's record per request: /v1/join/ca needs no credentials, so what
        // it costs is what anyone can make the node spend.
        using var etcd = etcdFactory();
        var cluster = await ClusterAsync(etcd, ct);
        var caPem = await File.ReadAllTextAsync(_pki.CaCertPath, ct);
        var tokens = await new JoinTokenStore(etcd, time).ActiveTokensAsync(cluster, ct);
        // No active token (all revoked): a proof nobody can match, so that the joiner says "bad join token".
        var proofs = tokens.Count > 0 ? tokens.Select(t => JoinProof.Compute(t, nonce, caPem)).ToList() : [JoinProof.Compute(RandomNumberGenerator.GetHexString(32), nonce, caPem)];
        return new JoinCaResponse(caPem, proofs[0], proofs);
    }

    public async Task<JoinStartResponse> StartAsync(string? joinToken, JoinStartRequest request, CancellationToken ct)
    {
        using var etcd = etcdFactory();
        var cluster = await ClusterAsync(etcd, ct);
        await CheckJoinTokenAsync(etcd, cluster, joinToken, ct);
        Validate(request);
        if (!_pki.HasCertificateAuthority)
            throw new JoinRefusedException(JoinRefusal.Unavailable, $"node {node.NodeName} is a regular node and cannot sign certificates: join through a master");

        var store = new ClusterStateStore(etcd);
        var nodes = await store.ListNodesAsync(ct);
        if (nodes.FirstOrDefault(n => n.Name == request.NodeName || n.AdvertiseAddr == request.AdvertiseAddr) is { } taken)
            throw new JoinRefusedException(JoinRefusal.Conflict,
                $"the cluster has a node {taken.Name} at {taken.AdvertiseAddr} already: choose another node name or advertise address (or remove that node first)");
        var manifestPath = Path.Combine(node.Folder.AppDir(cluster.Application.Name, cluster.Application.Version), ClusterImageLayout.AppManifest);
        var manifestYaml = await File.ReadAllTextAsync(manifestPath, ct);
        var manifest = ManifestLoader.Parse(manifestYaml, manifestPath).EnsureSuccess();
        var profile = JoinRoles.Resolve(manifest, cluster.Flavor, request.Role, nodes);
        var master = JoinRoles.IsMaster(profile, nodes);

        var operationId = Guid.NewGuid().ToString();
        var token = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var expires = time.GetUtcNow() + GrantLifetime;
        var grant = new ExpandGrant(operationId, request.NodeName, request.AdvertiseAddr, request.HostName, profile.Name, master, JoinProof.Hash(token), expires,
            JoinTokenStore.IdOf(joinToken!));
        var lease = await etcd.GrantLeaseAsync(GrantLifetime, ct);
        await etcd.PutAsync(ExpandGrant.KeyOf(operationId), JsonSerializer.Serialize(grant, PlanJson.Options), lease, ct);

        var members = await etcd.ListMembersAsync(ct);
        var clientUrls = members.Where(m => !m.IsLearner).SelectMany(m => m.ClientUrls).Where(u => !IsLoopback(u)).Distinct().ToList();
        return new JoinStartResponse(operationId, token, expires, cluster.Name, profile.Name, master, cluster.Application.Name, cluster.Application.Version,
            manifestYaml, node.NodeName, $"{node.AdvertiseAddr}:{node.RegistryPort}", clientUrls.Count > 0 ? clientUrls : [EtcdService.ClientUrl(node).ToString()]);
    }

    /// <summary>
    /// The gravity binary this node runs (bin/gravity), for a holder of the join token: a new machine needs nothing
    /// else to join (`curl -H "Authorization: Bearer TOKEN" https://PEER:AGENT-PORT/v1/join/gravity -o gravity`).
    /// </summary>
    public async Task<string> GravityBinaryAsync(string? joinToken, CancellationToken ct)
    {
        using (var etcd = etcdFactory()) await CheckJoinTokenAsync(etcd, await ClusterAsync(etcd, ct), joinToken, ct);
        return File.Exists(node.Folder.GravityBinary)
            ? node.Folder.GravityBinary
            : throw new JoinRefusedException(JoinRefusal.Unavailable, $"node {node.NodeName} runs gravity from {node.GravityBinary}, not a single-file binary in {node.Folder.Bin}: download it from the cluster image");
    }

    public async Task<JoinCertificateResponse> SignAsync(string operationId, string? operationToken, JoinCertificateRequest request, CancellationToken ct)
    {
        var grant = await AuthorizeAsync(operationId, operationToken, ct);
        var cert = _pki.SignJoiningNode(request.CsrPem, grant.NodeName, grant.AdvertiseAddr, grant.HostName);
        if (grant.Master) return new JoinCertificateResponse(cert, await File.ReadAllTextAsync(_pki.CaKeyPath, ct));
        if (request is { KubeletCsrPem: { } kubeletCsr, KubeProxyCsrPem: { } proxyCsr })
        {
            var (kubelet, proxy) = new KubernetesPki(_pki).SignJoiningNode(grant.NodeName, kubeletCsr, proxyCsr);
            return new JoinCertificateResponse(cert, null, kubelet, proxy);
        }
        return new JoinCertificateResponse(cert, null);
    }

    /// <summary>The expand operation <paramref name="operationId"/> when <paramref name="operationToken"/> is its token and it has not expired.</summary>
    public async Task<ExpandGrant> AuthorizeAsync(string operationId, string? operationToken, CancellationToken ct)
    {
        using var etcd = etcdFactory();
        var kv = Guid.TryParse(operationId, out _) ? await etcd.GetAsync(ExpandGrant.KeyOf(operationId), ct) : null;
        var grant = kv is null ? null : JsonSerializer.Deserialize<ExpandGrant>(kv.Value, PlanJson.Options);
        if (grant is null || operationToken is null || !JoinProof.TokensEqual(grant.TokenSha256, JoinProof.Hash(operationToken)) || grant.Expires <= time.GetUtcNow())
            throw new JoinRefusedException(JoinRefusal.BadToken, $"bad or expired token of expand operation {operationId}: start the join again");
        if (grant.JoinTokenSha256 is { } admittedBy
            && !(await new JoinTokenStore(etcd, time).ActiveTokensAsync(ct)).Any(t => JoinProof.TokensEqual(admittedBy, JoinTokenStore.IdOf(t))))
            throw new JoinRefusedException(JoinRefusal.BadToken, $"the join token that admitted expand operation {operationId} was revoked: join again with a valid token");
        return grant;
    }

    /// <summary>Ends an expand operation the joining node gave up before it changed anything (its checks failed): its token stops working.</summary>
    public async Task<bool> CancelAsync(string operationId, string? operationToken, CancellationToken ct)
    {
        await AuthorizeAsync(operationId, operationToken, ct);
        using var etcd = etcdFactory();
        return await etcd.DeleteAsync(ExpandGrant.KeyOf(operationId), ct) > 0;
    }

    /// <summary>The folder of the installed application, which a joining node downloads.</summary>
    public async Task<string> AppDirAsync(CancellationToken ct)
    {
        using var etcd = etcdFactory();
        var cluster = await ClusterAsync(etcd, ct);
        return node.Folder.AppDir(cluster.Application.Name, cluster.Application.Version);
    }

    private async Task CheckJoinTokenAsync(IClusterStore etcd, ClusterInfo cluster, string? joinToken, CancellationToken ct)
    {
        if (!await new JoinTokenStore(etcd, time).IsValidAsync(joinToken, cluster, ct))
            throw new JoinRefusedException(JoinRefusal.BadToken, JoinRefusedException.BadTokenMessage);
    }

    private async Task<ClusterInfo> ClusterAsync(IClusterStore etcd, CancellationToken ct)
    {
        return await new ClusterStateStore(etcd).GetClusterAsync(ct)
            ?? throw new JoinRefusedException(JoinRefusal.Unavailable, $"node {node.NodeName} has no complete cluster to join yet (its install has not finished)");
    }

    private static void Validate(JoinStartRequest request)
    {
        if (!NodeNamePattern().IsMatch(request.NodeName))
            throw new JoinRefusedException(JoinRefusal.Invalid, $"node name \"{Shorten(request.NodeName)}\": use 1 to 63 lower-case letters, digits, '-' and '.'");
        if (!IPAddress.TryParse(request.AdvertiseAddr, out var ip) || IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            throw new JoinRefusedException(JoinRefusal.Invalid, $"--advertise-addr \"{Shorten(request.AdvertiseAddr)}\": an IP address other nodes reach this node on (not loopback or any)");
        if (request.HostName.Length > 253 || request.HostName.Any(char.IsControl))
            throw new JoinRefusedException(JoinRefusal.Invalid, "the host name is not valid");
    }

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.IsLoopback || u.Host == "127.0.0.1");

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "..." : s;

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$")]
    private static partial Regex NodeNamePattern();
}
