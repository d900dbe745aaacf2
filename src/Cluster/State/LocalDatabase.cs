using Dapper;
using Microsoft.Data.Sqlite;

namespace Gravity.Cluster.State;

/// <summary>The node-local SQLite database of operations and their plans, under the state folder.</summary>
public sealed class LocalDatabase
{
    private static int _initialized;

    public LocalDatabase(string stateDir)
    {
        StateDir = Path.GetFullPath(stateDir);
        Path_ = System.IO.Path.Combine(StateDir, "local", "operations.db");
    }

    public string StateDir { get; }

    // "Path" would hide System.IO.Path inside this class.
    public string Path_ { get; }

    public bool Exists => File.Exists(Path_);

    /// <summary>Opens (creating folder, file and schema when missing) a connection; WAL so that `plan display` reads while an install writes.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0) SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path_)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path_, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        await connection.ExecuteAsync(Schema);
        return connection;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS operations(
            id TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL, cluster TEXT NOT NULL,
            created TEXT NOT NULL, updated TEXT NOT NULL, error TEXT, plan TEXT NOT NULL, config TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS plan_changes(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, operation_id TEXT NOT NULL REFERENCES operations(id),
            phase_id TEXT NOT NULL, state TEXT NOT NULL, error TEXT, created TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS plan_changes_by_operation ON plan_changes(operation_id, seq);
        """;
}
