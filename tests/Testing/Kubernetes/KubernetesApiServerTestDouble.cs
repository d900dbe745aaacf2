using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// A Kubernetes API server test double: the API's wire protocol over TLS on 127.0.0.1, for what the project and the
/// guide's hooks use, so that the real kubectl and the KubernetesClient library can run against it where no
/// kube-apiserver can. docs/testing-kubernetes.md says what it serves and where its rules are simpler than the real
/// server's. Objects live in <see cref="Store"/>, which code in the same process (a kubelet stand-in) may watch and write.
/// </summary>
public sealed class KubernetesApiServerTestDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDir _dir;
    private readonly ConcurrentQueue<string> _requests = new();

    private KubernetesApiServerTestDouble(WebApplication app, TempDir dir, TestCertificates certificates, string token, int port, KubernetesObjectStore store)
    {
        _app = app;
        _dir = dir;
        Certificates = certificates;
        Token = token;
        Port = port;
        Store = store;
    }

    public KubernetesObjectStore Store { get; }
    public TestCertificates Certificates { get; }
    public int Port { get; }
    public Uri Url => new($"https://127.0.0.1:{Port}");

    /// <summary>A bearer token the double accepts (as kubeconfig's user.token).</summary>
    public string Token { get; }

    /// <summary>"METHOD path?query" of every request served, oldest first: what a client really sent.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    public static Task<KubernetesApiServerTestDouble> StartAsync(TimeProvider? time = null)
    {
        var dir = new TempDir("kube-api-double");
        return StartAsync(dir, TestCertificates.Create(dir.Combine("pki")), IPAddress.Loopback, port: null, time);
    }

    /// <summary>
    /// The double as kube-apiserver runs (see KubeApiServerCommandTestDouble): on <paramref name="address"/>:<paramref name="port"/>,
    /// serving <paramref name="serverCertificatePath"/>, trusting client certificates of the CA in <paramref name="clientCaPath"/>
    /// (which must also be the serving certificate's CA: pods get it as their service account's ca.crt).
    /// </summary>
    public static Task<KubernetesApiServerTestDouble> StartAsync(IPAddress address, int port, string serverCertificatePath, string serverKeyPath, string clientCaPath)
    {
        var dir = new TempDir("kube-api-double");
        return StartAsync(dir, new TestCertificates(clientCaPath, serverCertificatePath, serverKeyPath, dir.Path), address, port, null);
    }

    private static async Task<KubernetesApiServerTestDouble> StartAsync(TempDir dir, TestCertificates certificates, IPAddress address, int? port, TimeProvider? time)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var store = new KubernetesObjectStore(time);
        for (var attempt = 0; ; attempt++)
        {
            var chosen = port ?? FreePort.Next();
            var app = Build(certificates, address, chosen);
            var double_ = new KubernetesApiServerTestDouble(app, dir, certificates, token, chosen, store);
            double_.Map(time ?? TimeProvider.System);
            try
            {
                await app.StartAsync();
                return double_;
            }
            catch (IOException) when (attempt < 5 && port is null)
            {
                await app.DisposeAsync();   // the port was taken meanwhile: another one
            }
        }
    }

    /// <summary>
    /// Writes a kubeconfig (0600) for this server: with the bearer token, or with a client certificate issued by the
    /// double's CA for <paramref name="clientCertificateUser"/>; the CA is embedded.
    /// </summary>
    public string WriteKubeconfig(string path, string? clientCertificateUser = null)
    {
        var ca = Convert.ToBase64String(File.ReadAllBytes(Certificates.CaCertificatePath));
        string user;
        if (clientCertificateUser is null) user = $"    token: {Token}";
        else
        {
            var (cert, key) = Certificates.IssueClientCertificate(clientCertificateUser, "system:masters");
            user = $"    client-certificate-data: {Convert.ToBase64String(File.ReadAllBytes(cert))}\n" +
                   $"    client-key-data: {Convert.ToBase64String(File.ReadAllBytes(key))}";
        }
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test-double
              cluster:
                server: {Url.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: test-admin
              user:
            {user}
            contexts:
            - name: test-double
              context:
                cluster: test-double
                user: test-admin
            current-context: test-double

            """;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (File.Create(path)) { }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, text);
        return path;
    }

    private static WebApplication Build(TestCertificates certificates, IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serverCertificate = X509Certificate2.CreateFromPemFile(certificates.ServerCertificatePath, certificates.ServerKeyPath);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = KubernetesRequestBody.MaxBytes;
            kestrel.Listen(address, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                // Checked per request by KubernetesApiAuthentication, so that a foreign certificate gets a 401.
                ClientCertificateValidation = (_, _, _) => true,
            }));
        });
        return builder.Build();
    }

    private void Map(TimeProvider time)
    {
        var authentication = new KubernetesApiAuthentication(Token, X509Certificate2.CreateFromPem(File.ReadAllText(Certificates.CaCertificatePath)));
        var resources = new KubernetesResourceHandler(Store, time);
        _app.Run(async context =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            try
            {
                // As the real server's default RBAC allows: health is public.
                if (context.Request.Method == "GET" && context.Request.Path.Value is "/healthz" or "/livez" or "/readyz")
                {
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync("ok");
                    return;
                }
                if (authentication.Authenticate(context) is null)
                    throw new KubernetesApiError(401, "Unauthorized", "Unauthorized");
                await ServeAsync(context, resources);
            }
            catch (KubernetesApiError e) when (!context.Response.HasStarted)
            {
                await KubernetesResourceHandler.WriteAsync(context, e.Code, e.ToStatus());
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                await KubernetesResourceHandler.WriteAsync(context, 500, new KubernetesApiError(500, "InternalError", $"test double: {e}").ToStatus());
            }
        });
    }

    private async Task ServeAsync(HttpContext context, KubernetesResourceHandler resources)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var catalog = Store.Catalog;
        JsonObject? document = (context.Request.Method, segments) switch
        {
            ("GET", ["version"]) => KubernetesDiscoveryDocuments.Version(),
            ("GET", ["api"]) => KubernetesDiscoveryDocuments.CoreVersions($"127.0.0.1:{Port}"),
            ("GET", ["apis"]) => KubernetesDiscoveryDocuments.GroupList(catalog),
            ("GET", ["api", var v]) => KubernetesDiscoveryDocuments.ResourceList(catalog, "", v),
            ("GET", ["apis", var g]) => KubernetesDiscoveryDocuments.Group(catalog, g),
            ("GET", ["apis", var g, var v]) => KubernetesDiscoveryDocuments.ResourceList(catalog, g, v),
            ("GET", ["openapi", "v3"]) => KubernetesOpenApiDocuments.Root(catalog),
            ("GET", ["openapi", "v3", "api", var v]) => KubernetesOpenApiDocuments.GroupVersion(catalog, "", v),
            ("GET", ["openapi", "v3", "apis", var g, var v]) => KubernetesOpenApiDocuments.GroupVersion(catalog, g, v),
            _ => null,
        };
        if (document is not null) { await KubernetesResourceHandler.WriteAsync(context, 200, document); return; }
        var target = KubernetesRequestPath.Parse(catalog, path)
            ?? throw new KubernetesApiError(404, "NotFound", "the server could not find the requested resource");
        await resources.HandleAsync(context, target);
    }

    public async ValueTask DisposeAsync()
    {
        // Open watch and log streams end with the server.
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
