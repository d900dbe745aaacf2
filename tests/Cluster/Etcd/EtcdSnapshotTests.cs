using System.Security.Cryptography;
using System.Text;
using Gravity.Cluster.Etcd;

namespace Gravity.Cluster.Tests.Etcd;

/// <summary><see cref="EtcdGrpcClient.SnapshotAsync"/> against a real etcd over TLS: the whole database, as etcd sends it (a bbolt file followed by its sha256).</summary>
public sealed class EtcdSnapshotTests
{
    [Fact]
    public async Task A_snapshot_is_the_members_whole_database_with_its_checksum()
    {
        await using var etcd = await EtcdProcess.StartAsync(tls: true);
        using var client = new EtcdGrpcClient(etcd.ClientOptions);
        await client.PutAsync("/gravity/cluster/info", "the cluster's record before the upgrade");

        using var snapshot = new MemoryStream();
        var written = await client.SnapshotAsync(snapshot);

        var bytes = snapshot.ToArray();
        written.Should().Be(bytes.Length).And.BeGreaterThan(4096);
        BitConverter.ToUInt32(bytes, 16).Should().Be(0xED0CDAED, "a bbolt database starts with its meta page's magic");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        SHA256.HashData(body).Should().Equal(bytes[^32..], "etcd appends the sha256 of the database, which restore checks");
        body.IndexOf(Encoding.UTF8.GetBytes("the cluster's record before the upgrade")).Should().BeGreaterThan(0, "the key written is in it");
    }
}
