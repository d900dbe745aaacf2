using System.Diagnostics;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>
/// A private PostgreSQL 15 cluster (Debian's binaries) on 127.0.0.1, created in a temporary folder and dropped on
/// dispose. initdb refuses to run as root, so as root the server runs as the postgres user.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly bool _asPostgres;

    private PostgresProcess(string dir, int port, bool asPostgres)
    {
        _dir = dir;
        Port = port;
        _asPostgres = asPostgres;
    }

    public int Port { get; }
    public string Url => $"postgres://hub:hubpass@127.0.0.1:{Port}/hub";

    public static bool IsInstalled => File.Exists(Path.Combine(BinDir, "initdb"));

    public static async Task<PostgresProcess> StartAsync()
    {
        var asPostgres = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), $"gravity-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        if (asPostgres) await RunAsync(false, "chown", "postgres:postgres", dir);
        var data = Path.Combine(dir, "data");
        var pwfile = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(pwfile, "hubpass\n");
        if (asPostgres) await RunAsync(false, "chown", "postgres:postgres", pwfile);
        await RunAsync(asPostgres, Path.Combine(BinDir, "initdb"), "-D", data, "-U", "hub", "--pwfile", pwfile, "-A", "scram-sha-256", "--no-sync");
        var port = FreePort.Next();
        var pg = new PostgresProcess(dir, port, asPostgres);
        await RunAsync(asPostgres, Path.Combine(BinDir, "pg_ctl"), "-D", data, "-l", Path.Combine(dir, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        await RunAsync(asPostgres, Path.Combine(BinDir, "psql"), "-h", dir, "-p", port.ToString(), "-U", "hub", "-d", "postgres", "-c", "CREATE DATABASE hub");
        return pg;
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(_asPostgres, Path.Combine(BinDir, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"); }
        catch (Exception) { /* already stopped */ }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task RunAsync(bool asPostgres, string file, params string[] args)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.Environment["PGPASSWORD"] = "hubpass";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }
}
