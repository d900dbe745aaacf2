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
        Path_ = new Nodes.StateFolder(StateDir).OperationsDatabase;
    }

    public string StateDir { get; }

    // "Path" would hide System.IO.Path inside this class.
    public string Path_ { get; }

    public bool Exists => File.Exists(Path_);

    /// <summary>
    /// Opens (creating folder, file and schema when missing) a connection; WAL so that `plan display` reads while an
    /// install writes. The database holds the join token: folder 0700, file 0600 (SQLite gives its -wal and -shm
    /// files the database's mode).
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0) SQLitePCL.Batteries_V2.Init();
        PrepareFiles();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path_, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync("PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            await connection.ExecuteAsync(Schema);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Unreadable(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new connection; an SQLite failure becomes an error naming the file and what is wrong.</summary>
    public async Task<T> UseAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        try
        {
            return await work(connection);
        }
        catch (SqliteException ex)
        {
            throw Unreadable(ex);
        }
    }

    public Task UseAsync(Func<SqliteConnection, Task> work, CancellationToken ct = default)
        => UseAsync(async c => { await work(c); return true; }, ct);

    private UnreadableDatabaseException Unreadable(SqliteException ex) => new(Path_, ex.SqliteErrorCode switch
    {
        26 => "the file is not a database (damaged or overwritten)",
        11 => "the database is corrupt",
        13 => "the disk is full",
        _ => ex.Message.TrimEnd('.'),
    }, ex);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    private void PrepareFiles()
    {
        var folder = System.IO.Path.GetDirectoryName(Path_)!;
        Directory.CreateDirectory(folder, OwnerOnlyFolder);
        Restrict(folder, OwnerOnlyFolder);
        try
        {
            // An empty file is an empty SQLite database: created here so that it never exists with a wider mode.
            using var _ = new FileStream(Path_, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        }
        catch (IOException) when (File.Exists(Path_))
        {
            // Databases of older versions were 0644.
            foreach (var file in new[] { Path_, Path_ + "-wal", Path_ + "-shm" })
                if (File.Exists(file)) Restrict(file, OwnerOnly);
        }
    }

    private static void Restrict(string path, UnixFileMode mode)
    {
        if ((File.GetUnixFileMode(path) & ~mode) != 0) File.SetUnixFileMode(path, mode);
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
