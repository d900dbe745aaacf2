using System.Diagnostics;
using System.Text;
using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Oci.Registry;

namespace Gravity.Testing;

public sealed record RegistryProcessOptions
{
    public string? BasicAuthUser { get; init; }
    public string? BasicAuthPassword { get; init; }
    public bool Tls { get; init; }
    /// <summary>Bearer token auth through a <see cref="TestTokenServer"/>; BasicAuthUser/Password are then the token service's credentials.</summary>
    public bool TokenAuth { get; init; }
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The Debian <c>docker-registry</c> (distribution 2.8) on 127.0.0.1 with its storage in a temporary folder; optional
/// htpasswd basic auth and TLS from a generated CA. Killed and its data removed on dispose.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private Process _process;
    private readonly string _binary;
    private readonly string _config;
    private readonly TempDir _dir;
    private readonly StringBuilder _log;

    private RegistryProcess(Process process, string binary, string config, TempDir dir, StringBuilder log, int port, TestCertificates? certs, RegistryProcessOptions options, TestTokenServer? tokens)
    {
        _binary = binary;
        _config = config;
        TokenServer = tokens;
        _process = process;
        _dir = dir;
        _log = log;
        Port = port;
        Certificates = certs;
        Options = options;
    }

    public int Port { get; }

    /// <summary>host:port as used in image references (<c>127.0.0.1:41234</c>).</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    public string Url => $"{(Certificates is null ? "http" : "https")}://{HostPort}";

    public RegistryProcessOptions Options { get; }

    /// <summary>The token service when started with <see cref="RegistryProcessOptions.TokenAuth"/>.</summary>
    public TestTokenServer? TokenServer { get; }

    public TestCertificates? Certificates { get; }

    public string? CaCertificatePath => Certificates?.CaCertificatePath;

    /// <summary>Folder with the CA as <c>ca.crt</c>, for skopeo's --src-cert-dir/--dest-cert-dir.</summary>
    public string? CertDirectory => Certificates?.CertDirectory;

    public string StorageDirectory => _dir.Combine("storage");

    /// <summary>Client options that reach this registry: its credentials, its CA, plain HTTP when it has no TLS.</summary>
    public RegistryClientOptions ClientOptions() => new()
    {
        Credentials = Options.BasicAuthUser is { } user ? new StaticCredentialProvider(user, Options.BasicAuthPassword ?? "") : null,
        CaCertificatePath = CaCertificatePath,
        Insecure = Certificates is null,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A reference to a repository in this registry: <c>127.0.0.1:port/repositoryAndTag</c>.</summary>
    public ImageReference Reference(string repositoryAndTag) => ImageReference.Parse($"{HostPort}/{repositoryAndTag}");

    /// <summary>What the registry logged so far (for assertion messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<RegistryProcess> StartAsync(RegistryProcessOptions? options = null, CancellationToken ct = default)
    {
        options ??= new RegistryProcessOptions();
        // A free port can be taken by a parallel test between choosing and binding it: the registry then exits at once.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, ct);
            }
            catch (RegistryExitedException) when (attempt < 3)
            {
            }
        }
    }

    private sealed class RegistryExitedException(string message) : InvalidOperationException(message);

    private static async Task<RegistryProcess> StartOnceAsync(RegistryProcessOptions options, CancellationToken ct)
    {
        var binary = ProcessRunner.Which("docker-registry") ?? ProcessRunner.Which("registry")
            ?? throw new InvalidOperationException("docker-registry is not installed (apt-get install docker-registry)");
        var dir = new TempDir("gravity-registry");
        try
        {
            var port = FreePort.Next();
            var yaml = new StringBuilder();
            yaml.AppendLine("version: 0.1");
            yaml.AppendLine("log:\n  level: info\n  accesslog:\n    disabled: true");
            yaml.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {dir.Combine("storage")}\n  delete:\n    enabled: true\n  maintenance:\n    uploadpurging:\n      enabled: false");
            yaml.AppendLine($"http:\n  addr: 127.0.0.1:{port}\n  secret: {Guid.NewGuid():N}");
            TestCertificates? certs = null;
            if (options.Tls)
            {
                certs = TestCertificates.Create(dir.Combine("tls"));
                yaml.AppendLine($"  tls:\n    certificate: {certs.ServerCertificatePath}\n    key: {certs.ServerKeyPath}");
            }
            TestTokenServer? tokens = null;
            if (options.TokenAuth)
            {
                tokens = new TestTokenServer(dir.Combine("token"), options.BasicAuthUser, options.BasicAuthPassword);
                yaml.AppendLine($"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TestTokenServer.Service}\n    issuer: {TestTokenServer.Issuer}\n    rootcertbundle: {tokens.CertificatePath}");
            }
            else if (options.BasicAuthUser is not null)
            {
                var htpasswd = dir.Combine("htpasswd");
                var r = await ProcessRunner.RunCheckedAsync("htpasswd", ["-Bbn", options.BasicAuthUser, options.BasicAuthPassword ?? ""], ct: ct);
                await File.WriteAllTextAsync(htpasswd, r.StdOut.Trim() + "\n", ct);
                yaml.AppendLine($"auth:\n  htpasswd:\n    realm: gravity-test\n    path: {htpasswd}");
            }
            var config = dir.Combine("config.yml");
            await File.WriteAllTextAsync(config, yaml.ToString(), ct);

            var log = new StringBuilder();
            var process = Launch(binary, config, log);
            var registry = new RegistryProcess(process, binary, config, dir, log, port, certs, options, tokens);
            try
            {
                await registry.WaitReadyAsync(options.StartTimeout, ct);
            }
            catch
            {
                await registry.DisposeAsync();
                throw;
            }
            return registry;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private static Process Launch(string binary, string config, StringBuilder log)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(config);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops and starts the registry on the same port and storage (it rereads its config and trusted token certificate).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync();
        _process.Dispose();
        _process = Launch(_binary, _config, _log);
        await WaitReadyAsync(Options.StartTimeout, ct);
    }

    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(cts.Token); } catch (OperationCanceledException) { }
            }
        }
        catch (InvalidOperationException) { }
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler();
        // Readiness only: the tests themselves validate the chain against the generated CA.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new RegistryExitedException($"docker-registry exited with {_process.ExitCode}: {Log}");
            try
            {
                using var response = await http.GetAsync($"{Url}/v2/", ct);
                if ((int)response.StatusCode is 200 or 401) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"docker-registry did not answer on {Url}/v2/ within {timeout}: {Log}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        TokenServer?.Dispose();
        _dir.Dispose();
    }
}
