using System.Diagnostics;
using System.Text;
using Gravity.Testing;

namespace Gravity.Registry.Tests;

/// <summary>A registry server in a separate process (this test assembly run as a program), so that it can be SIGKILLed.</summary>
public sealed class RegistryChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RegistryChildProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<RegistryChildProcess> StartAsync(string dataDir)
    {
        var port = FreePort.Next();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", typeof(RegistryHostProgram).Assembly.Location, "registry-serve", $"127.0.0.1:{port}", dataDir })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var child = new RegistryChildProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (child._log) child._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (child._log) child._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                using var r = await http.GetAsync($"{child.Url}/v2/");
                if (r.IsSuccessStatusCode) return child;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        var log = child.Log;
        await child.DisposeAsync();
        throw new InvalidOperationException($"registry child process did not start: {log}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
