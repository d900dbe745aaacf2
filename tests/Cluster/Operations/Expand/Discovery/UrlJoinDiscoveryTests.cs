using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gravity.Cluster.Operations.Expand.Discovery;
using Gravity.Core;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>`--discovery-url`: https only, the certificate validated (against `--discovery-ca` when given), size-limited.</summary>
public sealed class UrlJoinDiscoveryTests : IDisposable
{
    private readonly TempDir _dir = new("discovery-url");
    private readonly TestCertificates _certs;

    public UrlJoinDiscoveryTests() => _certs = TestCertificates.Create(_dir.Combine("certs"));

    [Fact]
    public async Task A_document_served_with_a_certificate_of_the_given_ca_is_read()
    {
        await using var server = new OneDocumentHttpsServer(_certs, """{"cluster":"c1","peer":"10.0.0.5:7575","token":"tok"}""");
        var found = await new UrlJoinDiscovery(server.Url, _certs.CaCertificatePath).DiscoverAsync("c1");
        found.Should().Be(new JoinDiscoveryRecord("c1", "10.0.0.5:7575", "tok"));
    }

    [Fact]
    public async Task A_certificate_the_system_does_not_trust_is_refused_without_discovery_ca()
    {
        await using var server = new OneDocumentHttpsServer(_certs, """{"cluster":"c1","peer":"10.0.0.5","token":"tok"}""");
        var act = () => new UrlJoinDiscovery(server.Url).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("cannot fetch it").And.Contain(server.Url);
    }

    [Fact]
    public async Task An_oversized_document_is_refused()
    {
        await using var server = new OneDocumentHttpsServer(_certs, new string(' ', DiscoveryDocument.MaxBytes + 10) + "{}");
        var act = () => new UrlJoinDiscovery(server.Url, _certs.CaCertificatePath).DiscoverAsync("c1");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("larger than 65536 bytes");
    }

    [Fact]
    public void Plain_http_is_refused() =>
        FluentActions.Invoking(() => new UrlJoinDiscovery("http://127.0.0.1/join.json")).Should().Throw<GravityException>().WithMessage("*https*");

    public void Dispose() => _dir.Dispose();

    /// <summary>Serves one fixed body over TLS on 127.0.0.1, to every request.</summary>
    private sealed class OneDocumentHttpsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _loop;

        public OneDocumentHttpsServer(TestCertificates certs, string body)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certs.ServerCertificatePath, certs.ServerKeyPath);
            var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            _listener.Start();
            Url = $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/join.json";
            var bytes = Encoding.UTF8.GetBytes(body);
            _loop = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                await using var tls = new SslStream(client.GetStream());
                                await tls.AuthenticateAsServerAsync(certificate);
                                var buffer = new byte[8192];
                                var seen = "";
                                while (!seen.Contains("\r\n\r\n", StringComparison.Ordinal))
                                {
                                    var n = await tls.ReadAsync(buffer);
                                    if (n == 0) return;
                                    seen += Encoding.ASCII.GetString(buffer, 0, n);
                                }
                                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {bytes.Length}\r\n\r\n"));
                                await tls.WriteAsync(bytes);
                            }
                            catch (Exception) { }
                        }
                    });
                }
            });
        }

        public string Url { get; }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop;
        }
    }
}
