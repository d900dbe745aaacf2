using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.State;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>
/// The attacks of a local unprivileged user (or anyone who reaches the node) on an installed cluster: its registry and
/// etcd take nothing without the cluster's client certificate, except anonymous reads of the registry from the node's
/// own addresses. The node has an address besides loopback (127.0.0.2), so "another address" can be tried for real.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class ClusterCredentialsTests(ClusterCredentialsTests.InstalledCluster cluster) : IClassFixture<ClusterCredentialsTests.InstalledCluster>
{
    private const string NodeAddr = "127.0.0.2";
    private const string ManifestTypes = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    [Fact]
    public async Task Registry_refuses_pushes_and_deletes_without_the_cluster_certificate_and_the_tags_stay()
    {
        using var anonymous = Client(withCertificate: false);
        var web = await GetManifestAsync(anonymous, "testapp/web", "1.0", "127.0.0.1");
        var worker = await GetManifestAsync(anonymous, "testapp/worker", "2.0", "127.0.0.1");

        // Another manifest over the same blobs: a registry that lets anyone write would move the tag to it.
        var forged = System.Text.Json.Nodes.JsonNode.Parse(web.Bytes)!.AsObject();
        forged["annotations"] = new System.Text.Json.Nodes.JsonObject { ["forged"] = "yes" };
        var forgedManifest = (System.Text.Encoding.UTF8.GetBytes(forged.ToJsonString()), web.MediaType, "");
        await ShouldBeRefusedAsync(await AttackAsync(anonymous, HttpMethod.Put, "testapp/web/manifests/1.0", forgedManifest));
        await ShouldBeRefusedAsync(await AttackAsync(anonymous, HttpMethod.Delete, $"testapp/worker/manifests/{worker.Digest}"));
        await ShouldBeRefusedAsync(await AttackAsync(anonymous, HttpMethod.Post, "testapp/web/blobs/uploads/"));

        (await GetManifestAsync(anonymous, "testapp/web", "1.0", "127.0.0.1")).Digest.Should().Be(web.Digest, "the tag was not overwritten");
        (await GetManifestAsync(anonymous, "testapp/worker", "2.0", "127.0.0.1")).Digest.Should().Be(worker.Digest, "the manifest was not deleted");
    }

    [Fact]
    public async Task A_client_with_the_node_certificate_can_push()
    {
        using var node = Client(withCertificate: true);
        var web = await GetManifestAsync(node, "testapp/web", "1.0");
        using var put = new ByteArrayContent(web.Bytes);
        put.Headers.ContentType = new MediaTypeHeaderValue(web.MediaType);
        using var response = await node.PutAsync(Url("testapp/web/manifests/pushed"), put);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await GetManifestAsync(node, "testapp/web", "pushed")).Digest.Should().Be(web.Digest);
    }

    [Fact]
    public async Task Registry_listens_on_the_advertise_address_and_loopback_only()
    {
        (await CanConnectAsync(NodeAddr, cluster.Fixture.RegistryPort)).Should().BeTrue("the registry listens on the advertise address");
        (await CanConnectAsync("127.0.0.1", cluster.Fixture.RegistryPort)).Should().BeTrue("and on loopback");
        (await CanConnectAsync("127.0.0.3", cluster.Fixture.RegistryPort)).Should().BeFalse("but not on every interface");
    }

    [Fact]
    public async Task Anonymous_reads_are_refused_from_an_address_that_is_not_the_nodes()
    {
        using (var fromElsewhere = Client(withCertificate: false, sourceAddress: "127.0.0.3"))
            await ShouldBeRefusedAsync(await AttackAsync(fromElsewhere, HttpMethod.Get, "testapp/web/manifests/1.0"));
        using (var certifiedFromElsewhere = Client(withCertificate: true, sourceAddress: "127.0.0.3"))
            (await GetManifestAsync(certifiedFromElsewhere, "testapp/web", "1.0")).Bytes.Should().NotBeEmpty();
        using (var onTheNode = Client(withCertificate: false))
            (await GetManifestAsync(onTheNode, "testapp/web", "1.0")).Bytes.Should().NotBeEmpty("the node itself may pull anonymously");
    }

    [Fact]
    public async Task Etcd_serves_only_clients_with_the_cluster_certificate()
    {
        var port = cluster.Fixture.EtcdPort;
        var pki = new ClusterPki(cluster.Fixture.StateDir);

        using (var plain = new EtcdGrpcClient(new EtcdClientOptions(new Uri($"http://127.0.0.1:{port}")) { Timeout = TimeSpan.FromSeconds(5) }))
            await ((Func<Task>)(() => new ClusterStateStore(plain).GetClusterAsync())).Should().ThrowAsync<EtcdException>("etcd speaks TLS only");
        foreach (var addr in new[] { "127.0.0.1", NodeAddr })
        {
            using var noCertificate = new EtcdGrpcClient(new EtcdClientOptions(new Uri($"https://{addr}:{port}")) { CaCertificatePath = pki.CaCertPath, Timeout = TimeSpan.FromSeconds(5) });
            await ((Func<Task>)(() => new ClusterStateStore(noCertificate).GetClusterAsync())).Should().ThrowAsync<EtcdException>($"etcd on {addr} requires a client certificate");
        }

        using var node = new EtcdGrpcClient(EtcdClientOptions.Tls(new Uri($"https://127.0.0.1:{port}"), pki.NodeTls));
        (await new ClusterStateStore(node).GetClusterAsync())!.JoinToken.Should().Be("join-secret");
    }

    [Fact]
    public async Task The_service_user_runs_etcd_on_copies_of_its_own_while_the_originals_stay_roots()
    {
        var state = cluster.Fixture.StateDir;
        var id = InstallFixture.UnusedId;
        (await OwnerAndModeAsync(Path.Combine(state, "secrets"))).Should().Be("0:0:700");
        (await OwnerAndModeAsync(Path.Combine(state, "secrets", "node-key.pem"))).Should().Be("0:0:600");
        (await OwnerAndModeAsync(Path.Combine(state, "secrets", "node.pem"))).Should().StartWith("0:0:");
        (await OwnerAndModeAsync(Path.Combine(state, "service-secrets"))).Should().StartWith("0:0:", "the service user cannot plant links where root writes");
        (await OwnerAndModeAsync(Path.Combine(state, "service-secrets", "node-key.pem"))).Should().Be($"{id}:{id}:600");

        var etcdPid = Gravity.Cluster.Runtime.PidFile.Read(Path.Combine(state, "run", "etcd.pid"))!.Value;
        var commandLine = (await File.ReadAllTextAsync($"/proc/{etcdPid}/cmdline")).Replace('\0', ' ');
        commandLine.Should().Contain($"--key-file {Path.Combine(state, "service-secrets", "node-key.pem")}");
        (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u", $"/proc/{etcdPid}"])).StdOut.Trim().Should().Be(id.ToString());
    }

    /// <summary>
    /// A request the way an attacker on this machine would send it: to <paramref name="host"/> (127.0.0.1 unless told),
    /// over TLS or, when the registry does not speak it, plain HTTP.
    /// </summary>
    private async Task<HttpResponseMessage> AttackAsync(HttpClient client, HttpMethod method, string path, (byte[] Bytes, string MediaType, string Digest)? manifest = null,
        string host = "127.0.0.1")
    {
        HttpRequestMessage Request(string scheme)
        {
            var request = new HttpRequestMessage(method, new Uri($"{scheme}://{host}:{cluster.Fixture.RegistryPort}/v2/{path}"));
            request.Headers.TryAddWithoutValidation("Accept", ManifestTypes);
            if (manifest is { } m)
            {
                request.Content = new ByteArrayContent(m.Bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(m.MediaType);
            }
            return request;
        }
        try
        {
            return await client.SendAsync(Request("https"));
        }
        catch (HttpRequestException)
        {
            return await client.SendAsync(Request("http"));
        }
    }

    private Uri Url(string path) => new($"https://{NodeAddr}:{cluster.Fixture.RegistryPort}/v2/{path}");

    private HttpClient Client(bool withCertificate, string? sourceAddress = null)
    {
        var pki = new ClusterPki(cluster.Fixture.StateDir);
        var handler = ClusterTrust.CreateHandler(pki.CaCertPath, withCertificate ? pki.NodeTls : null);
        if (sourceAddress is not null)
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<(byte[] Bytes, string MediaType, string Digest)> GetManifestAsync(HttpClient client, string repository, string reference, string host = NodeAddr)
    {
        using var response = await AttackAsync(client, HttpMethod.Get, $"{repository}/manifests/{reference}", host: host);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        return (bytes, response.Content.Headers.ContentType!.MediaType!, response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().BeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], body);
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString().Should().BeOneOf("UNAUTHORIZED", "DENIED");
        }
    }

    private static async Task<bool> CanConnectAsync(string address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(address), port);
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    private static async Task<string> OwnerAndModeAsync(string path)
        => (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g:%a", "--", path])).StdOut.Trim();

    /// <summary>One install for all the attacks (a service user of its own, so the service-user files are real), removed with leave.</summary>
    public sealed class InstalledCluster : IAsyncLifetime
    {
        internal InstallFixture Fixture { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Fixture = await InstallFixture.CreateAsync();
            Fixture.AdvertiseAddr = NodeAddr;
            Fixture.ServiceId = InstallFixture.UnusedId;
            await GravityCli.RunCheckedAsync(Fixture.InstallArgs());
        }

        public async Task DisposeAsync()
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", Fixture.StateDir);
            Fixture.Dispose();
        }
    }
}
