using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Registry;
using Gravity.Registry.Server;
using Gravity.Testing;
using Microsoft.AspNetCore.Builder;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

/// <summary>
/// The registry with <see cref="RegistryServerOptions.ClientCaPath"/> (how the cluster registry runs): TLS requesting
/// client certificates; one of the CA may write, anyone else only reads and only from the addresses listened on.
/// </summary>
public sealed class ClientCertificateAccessTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("client-ca");
    private WebApplication _app = null!;
    private string _url = "";
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _client = null!;
    private X509Certificate2 _stranger = null!;

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _ca = CreateCa("CN=cluster CA", caKey);
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var strangerCa = CreateCa("CN=another CA", strangerKey);
        var server = Issue(_ca, caKey, "CN=node", "1.3.6.1.5.5.7.3.1");
        _client = Issue(_ca, caKey, "CN=node", "1.3.6.1.5.5.7.3.2");
        _stranger = Issue(strangerCa, strangerKey, "CN=node", "1.3.6.1.5.5.7.3.2");
        File.WriteAllText(_dir.Combine("ca.pem"), _ca.ExportCertificatePem());
        File.WriteAllText(_dir.Combine("server.pem"), server.ExportCertificatePem());
        File.WriteAllText(_dir.Combine("server-key.pem"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        _app = RegistryApplication.Build(new RegistryServerOptions
        {
            Listen = "127.0.0.1:0",
            DataDir = _dir.Combine("data"),
            TlsCertPath = _dir.Combine("server.pem"),
            TlsKeyPath = _dir.Combine("server-key.pem"),
            ClientCaPath = _dir.Combine("ca.pem"),
        });
        await _app.StartAsync();
        _url = $"https://{RegistryApplication.GetListenAddress(_app)}";
    }

    [Fact]
    public async Task Without_a_certificate_reads_pass_and_writes_get_401_UNAUTHORIZED()
    {
        using var http = Client(null);
        using (var version = await http.GetAsync("/v2/")) version.StatusCode.Should().Be(HttpStatusCode.OK);
        using var push = await http.PostAsync("/v2/app/web/blobs/uploads/", null);
        push.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ErrorCodeAsync(push)).Should().Be("UNAUTHORIZED");
        using var delete = await http.DeleteAsync($"/v2/app/web/manifests/sha256:{new string('0', 64)}");
        delete.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_certificate_of_the_CA_may_push()
    {
        using var http = Client(_client);
        await PushBlobAsync(http, "app/web", "layer"u8.ToArray());
    }

    [Fact]
    public async Task A_certificate_of_another_CA_is_refused_in_the_handshake()
    {
        using var http = Client(_stranger);
        await ((Func<Task>)(() => http.GetAsync("/v2/"))).Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Anonymous_reads_from_another_address_need_a_certificate()
    {
        var access = new ClientCertificateAccessControl(_ca, [IPAddress.Parse("10.0.0.5"), IPAddress.Loopback]);
        (await access.CheckAsync(new AccessRequest(null, "app/web", RegistryAction.Pull, "10.0.0.5"), default)).Allowed.Should().BeTrue();
        (await access.CheckAsync(new AccessRequest(null, "app/web", RegistryAction.Pull, "::ffff:127.0.0.1"), default)).Allowed.Should().BeTrue();
        var elsewhere = await access.CheckAsync(new AccessRequest(null, "app/web", RegistryAction.Pull, "10.0.0.6"), default);
        (elsewhere.Allowed, elsewhere.Code).Should().Be((false, RegistryErrorCodes.Unauthorized));
        (await access.CheckAsync(new AccessRequest(null, "app/web", RegistryAction.Push, "10.0.0.6") { ClientCertificate = _client }, default)).Allowed.Should().BeTrue();
        (await access.CheckAsync(new AccessRequest(null, "app/web", RegistryAction.Push, "127.0.0.1") { ClientCertificate = _stranger }, default)).Allowed.Should().BeFalse();
    }

    private HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == ServerHash();
        if (certificate is not null) handler.SslOptions.ClientCertificates = [certificate];
        return new HttpClient(handler) { BaseAddress = new Uri(_url), Timeout = TimeSpan.FromSeconds(30) };
    }

    private string ServerHash() => X509Certificate2.CreateFromPem(File.ReadAllText(_dir.Combine("server.pem"))).GetCertHashString();

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string subject, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddHours(12), serial);
        // Through PKCS#12 so the TLS stack can use the key.
        return X509CertificateLoader.LoadPkcs12(cert.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
