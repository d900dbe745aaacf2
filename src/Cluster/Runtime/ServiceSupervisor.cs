using System.Diagnostics;
using Gravity.Cluster.Nodes;

namespace Gravity.Cluster.Runtime;

public sealed record SupervisorOptions
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A service that ran at least this long before exiting restarts after the initial backoff again.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long a service has to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

public sealed record ServiceStatus(string Name, int? Pid, int Restarts, int? LastExitCode, DateTimeOffset? StartedAt);

/// <summary>
/// Runs services as child processes, their stdout and stderr appended to &lt;logs&gt;/&lt;service&gt;.log, and starts
/// them again when they exit, after a backoff that doubles up to a bound. Stopping sends SIGTERM, then kills.
/// </summary>
public sealed class ServiceSupervisor : IAsyncDisposable
{
    private readonly StateFolder _layout;
    private readonly SupervisorOptions _options;
    private readonly Dictionary<string, Supervised> _services;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public ServiceSupervisor(IReadOnlyList<ServiceDefinition> services, StateFolder layout, SupervisorOptions? options = null)
    {
        _layout = layout;
        _options = options ?? new SupervisorOptions();
        _services = services.ToDictionary(s => s.Name, s => new Supervised(s), StringComparer.Ordinal);
    }

    public IReadOnlyList<ServiceStatus> Status => _services.Values.Select(s => s.Snapshot()).ToList();

    public ServiceStatus? StatusOf(string name) => _services.TryGetValue(name, out var s) ? s.Snapshot() : null;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_layout.Logs);
        Directory.CreateDirectory(_layout.Run);
        foreach (var s in _services.Values)
        {
            await PidFile.KillStaleAsync(_layout.PidFile(s.Definition.Name), s.Definition.ProcessName ?? s.Definition.FileName, _options.StopTimeout);
            _loops.Add(Task.Run(() => SuperviseAsync(s)));
        }
    }

    private async Task SuperviseAsync(Supervised s)
    {
        var backoff = _options.InitialBackoff;
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            int exitCode;
            try
            {
                exitCode = await RunOnceAsync(s, ct);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
            {
                s.Log($"cannot start {s.Definition.FileName}: {ex.Message}");
                exitCode = -1;
            }
            if (ct.IsCancellationRequested) break;

            if (DateTimeOffset.UtcNow - started >= _options.StableAfter) backoff = _options.InitialBackoff;
            s.Log($"{s.Definition.Name} exited with code {exitCode}; restarting in {backoff.TotalSeconds:0.#} s");
            s.Exited(exitCode);
            try { await Task.Delay(backoff, ct); }
            catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private async Task<int> RunOnceAsync(Supervised s, CancellationToken ct)
    {
        var d = s.Definition;
        var psi = new ProcessStartInfo(d.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = d.WorkingDirectory ?? _layout.StateDir,
        };
        foreach (var a in d.Args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in d.Environment) psi.Environment[k] = v;

        s.OpenLog(_layout.LogFile(d.Name));
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) s.Log(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) s.Log(e.Data); };
        s.Log($"starting {d}");
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        s.Started(process);
        PidFile.Write(_layout.PidFile(d.Name), process.Id);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await TerminateAsync(process, s);
            return -1;
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    private async Task TerminateAsync(Process process, Supervised s)
    {
        if (process.HasExited) return;
        s.Log($"stopping {s.Definition.Name} (SIGTERM)");
        Signals.Send(process.Id, Signals.SigTerm);
        using var timeout = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            s.Log($"{s.Definition.Name} did not stop within {_options.StopTimeout.TotalSeconds:0} s: killing it");
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        File.Delete(_layout.PidFile(s.Definition.Name));
    }

    /// <summary>Stops every service (in parallel) and waits for them.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync();
        try { await Task.WhenAll(_loops); }
        finally
        {
            foreach (var s in _services.Values) s.CloseLog();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private sealed class Supervised(ServiceDefinition definition)
    {
        private readonly object _gate = new();
        private StreamWriter? _log;
        private Process? _process;
        private int _restarts = -1;
        private int? _lastExit;
        private DateTimeOffset? _startedAt;

        public ServiceDefinition Definition { get; } = definition;

        private const long MaxLogBytes = 50L << 20;

        /// <summary>Opens the service's log for appending; a log past 50 MiB is moved to .1 first (one generation kept).</summary>
        public void OpenLog(string path)
        {
            lock (_gate)
            {
                if (_log is null) LogFiles.RemoveLink(path);
                if (_log is null && File.Exists(path) && new FileInfo(path).Length > MaxLogBytes) File.Move(path, path + ".1", overwrite: true);
                _log ??= new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            }
        }

        public void Log(string line)
        {
            lock (_gate) _log?.WriteLine(line);
        }

        public void CloseLog()
        {
            lock (_gate) { _log?.Dispose(); _log = null; }
        }

        public void Started(Process p)
        {
            lock (_gate) { _process = p; _restarts++; _startedAt = DateTimeOffset.UtcNow; }
        }

        public void Exited(int code)
        {
            lock (_gate) { _process = null; _lastExit = code; }
        }

        public ServiceStatus Snapshot()
        {
            lock (_gate)
            {
                int? pid = null;
                try { if (_process is { HasExited: false }) pid = _process.Id; } catch (InvalidOperationException) { }
                return new ServiceStatus(Definition.Name, pid, Math.Max(0, _restarts), _lastExit, _startedAt);
            }
        }
    }
}
