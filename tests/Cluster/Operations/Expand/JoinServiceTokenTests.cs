using System.Text.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>A cluster node's side of a join with several join tokens, and after one is revoked (real etcd, no network between nodes).</summary>
public sealed class JoinServiceTokenTests
{
    private const string InstallToken = "install-token-0123456789";

    [Fact]
    public async Task Every_active_token_gets_a_proof_and_a_revoked_one_stops_its_admitted_operation()
    {
        using var dir = new TempDir("join-tokens");
        await using var etcd = await EtcdProcess.StartAsync();
        using var client = etcd.Client();
        await new ClusterPki(dir.Path).EnsureCertificateAuthorityAsync("prod");
        await new ClusterStateStore(client).PutClusterAsync(new ClusterInfo("prod", DateTimeOffset.UtcNow, new ClusterApplication("app", "1.0.0"), InstallToken, ClusterStatuses.Active));
        var tokens = new JoinTokenStore(client, TimeProvider.System);
        var added = await tokens.CreateAsync("rack-2-token-0123456789", null, null);
        var node = new NodeSettings { StateDir = dir.Path, ClusterName = "prod", NodeName = "node-1", AdvertiseAddr = "10.0.0.1", Role = "worker", GravityBinary = "/bin/true" };
        var service = new JoinService(node, etcd.Client, TimeProvider.System);

        const string nonce = "0123456789abcdef0123";
        var answer = await service.ProveAsync(nonce, CancellationToken.None);
        answer.Proofs.Should().HaveCount(2);
        answer.Proofs!.Should().Contain(p => JoinProof.Verify(InstallToken, nonce, answer.CaPem, p));
        answer.Proofs!.Should().Contain(p => JoinProof.Verify(added.Token, nonce, answer.CaPem, p));
        answer.Proofs!.Should().NotContain(p => JoinProof.Verify("not-the-token-0123456789", nonce, answer.CaPem, p));

        // An expand operation admitted with the added token, as StartAsync records it.
        var operationId = Guid.NewGuid().ToString();
        var grant = new ExpandGrant(operationId, "node-2", "10.0.0.2", "node-2", "worker", false, JoinProof.Hash("operation-token"),
            DateTimeOffset.UtcNow.AddHours(1), JoinTokenStore.IdOf(added.Token));
        await client.PutAsync(ExpandGrant.KeyOf(operationId), JsonSerializer.Serialize(grant, PlanJson.Options));
        (await service.AuthorizeAsync(operationId, "operation-token", CancellationToken.None)).NodeName.Should().Be("node-2");
        var wrongOperationToken = () => service.AuthorizeAsync(operationId, "other-token", CancellationToken.None);
        await wrongOperationToken.Should().ThrowAsync<JoinRefusedException>();

        (await tokens.RevokeAsync(added.Token)).Should().BeTrue();

        var revoked = () => service.AuthorizeAsync(operationId, "operation-token", CancellationToken.None);
        (await revoked.Should().ThrowAsync<JoinRefusedException>().WithMessage("*was revoked*")).Which.Refusal.Should().Be(JoinRefusal.BadToken);
        var start = () => service.StartAsync(added.Token, new JoinStartRequest("node-3", "10.0.0.3", "node-3", null), CancellationToken.None);
        (await start.Should().ThrowAsync<JoinRefusedException>().WithMessage(JoinRefusedException.BadTokenMessage)).Which.Refusal.Should().Be(JoinRefusal.BadToken);
        (await service.ProveAsync(nonce, CancellationToken.None)).Proofs.Should().ContainSingle().Which.Should().Match(p => JoinProof.Verify(InstallToken, nonce, answer.CaPem, p));

        (await tokens.RevokeAsync(InstallToken)).Should().BeTrue();
        var none = await service.ProveAsync(nonce, CancellationToken.None);
        none.Proofs.Should().ContainSingle().Which.Should().Match(p => !JoinProof.Verify(InstallToken, nonce, none.CaPem, p), "with no active token no proof matches anything");
    }

    [Fact]
    public async Task A_proof_and_a_refused_admission_each_open_one_etcd_client()
    {
        using var dir = new TempDir("join-clients");
        await using var etcd = await EtcdProcess.StartAsync();
        using var client = etcd.Client();
        await new ClusterPki(dir.Path).EnsureCertificateAuthorityAsync("prod");
        await new ClusterStateStore(client).PutClusterAsync(new ClusterInfo("prod", DateTimeOffset.UtcNow, new ClusterApplication("app", "1.0.0"), InstallToken, ClusterStatuses.Active));
        var node = new NodeSettings { StateDir = dir.Path, ClusterName = "prod", NodeName = "node-1", AdvertiseAddr = "10.0.0.1", Role = "worker", GravityBinary = "/bin/true" };
        var opened = 0;
        var service = new JoinService(node, () => { Interlocked.Increment(ref opened); return etcd.Client(); }, TimeProvider.System);

        (await service.ProveAsync("0123456789abcdef0123", CancellationToken.None)).Proofs.Should().ContainSingle();
        opened.Should().Be(1, "anyone may ask for a proof: it costs one client and one read of the cluster record");

        opened = 0;
        var start = () => service.StartAsync("wrong-token-0123456789", new JoinStartRequest("node-3", "10.0.0.3", "node-3", null), CancellationToken.None);
        await start.Should().ThrowAsync<JoinRefusedException>().WithMessage(JoinRefusedException.BadTokenMessage);
        opened.Should().Be(1);
    }
}
