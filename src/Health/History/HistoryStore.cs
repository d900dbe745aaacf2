using Dapper;
using Microsoft.Data.Sqlite;

namespace Gravity.Health.History;

/// <summary>
/// The node's status history in SQLite (&lt;state-dir&gt;/history.db). Recording is idempotent: an event with the same
/// millisecond, type, node and checker is stored once. Events older than the retention (7 days) are pruned on write.
/// </summary>
public sealed class HistoryStore
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);
    /// <summary>The database's name in the folder it is given (a node's state folder: see Cluster.Nodes.StateFolder).</summary>
    public const string FileName = "history.db";
    private readonly string _connectionString;
    private readonly TimeSpan _retention;
    private readonly Func<DateTimeOffset> _now;
    // The schema is created once per instance; callers that open meanwhile (the monitor, the election, the history's
    // replication all record at once) wait for it instead of finding no table.
    private readonly SemaphoreSlim _schema = new(1, 1);
    private volatile bool _initialized;

    public HistoryStore(string stateDir, TimeSpan? retention = null, Func<DateTimeOffset>? now = null)
    {
        Directory.CreateDirectory(stateDir);
        DatabasePath = Path.Combine(stateDir, FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString();
        _retention = retention ?? DefaultRetention;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    public string DatabasePath { get; }

    /// <summary>Raised after <see cref="RecordAsync"/> stored a new event (not after <see cref="ImportAsync"/>): what replication sends on.</summary>
    public event Action<ClusterEvent>? Recorded;

    /// <returns>true when the event was new, false when it was already recorded.</returns>
    public async Task<bool> RecordAsync(ClusterEvent ev, CancellationToken ct = default)
    {
        var inserted = await InsertAsync(ev, ct);
        if (inserted) Recorded?.Invoke(ev);
        return inserted;
    }

    /// <summary>Stores an event recorded elsewhere (another master's), idempotently, without raising <see cref="Recorded"/>.</summary>
    public Task<bool> ImportAsync(ClusterEvent ev, CancellationToken ct = default) => InsertAsync(ev, ct);

    private async Task<bool> InsertAsync(ClusterEvent ev, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        var inserted = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT OR IGNORE INTO events(time, type, node, checker, detail) VALUES (@time, @type, @node, @checker, @detail); SELECT changes();",
            new
            {
                time = ev.UnixMilliseconds, type = ev.Type.ToString(), node = ev.Node ?? "",
                checker = ev.Checker ?? "", detail = ev.Detail,
            }, cancellationToken: ct));
        await PruneAsync(db, ct);
        return inserted == 1;
    }

    /// <summary>Every kept event, oldest first.</summary>
    public async Task<IReadOnlyList<ClusterEvent>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await OpenAsync(ct);
        var cutoff = (_now() - _retention).ToUnixTimeMilliseconds();
        var rows = await db.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT time, type, node, checker, detail FROM events WHERE time >= @cutoff ORDER BY time, id", new { cutoff }, cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    private async Task PruneAsync(SqliteConnection db, CancellationToken ct)
    {
        var cutoff = (_now() - _retention).ToUnixTimeMilliseconds();
        await db.ExecuteAsync(new CommandDefinition("DELETE FROM events WHERE time < @cutoff", new { cutoff }, cancellationToken: ct));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        SQLitePCL.Batteries_V2.Init();
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(ct);
        await db.ExecuteAsync("PRAGMA busy_timeout = 10000");
        if (!_initialized)
        {
            await _schema.WaitAsync(ct);
            try
            {
                if (!_initialized)
                {
                    await db.ExecuteAsync("PRAGMA journal_mode = WAL");
                    await db.ExecuteAsync("""
                        CREATE TABLE IF NOT EXISTS events(
                          id INTEGER PRIMARY KEY AUTOINCREMENT,
                          time INTEGER NOT NULL,
                          type TEXT NOT NULL,
                          node TEXT NOT NULL,
                          checker TEXT NOT NULL,
                          detail TEXT,
                          UNIQUE(time, type, node, checker));
                        """);
                    _initialized = true;
                }
            }
            finally
            {
                _schema.Release();
            }
        }
        return db;
    }

    private sealed record EventRow(long time, string type, string node, string checker, string? detail)
    {
        public ClusterEvent ToEvent() => new(DateTimeOffset.FromUnixTimeMilliseconds(time), Enum.Parse<ClusterEventType>(type),
            node.Length == 0 ? null : node, checker.Length == 0 ? null : checker, detail);
    }
}
