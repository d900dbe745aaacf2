using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Gravity.Hub.Storage;

/// <summary>The default metadata store: one SQLite file in the data folder, nothing to set up.</summary>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    public const string FileName = "hub.db";
    private static readonly Lazy<bool> NativeLibrary = new(() => { SQLitePCL.Batteries_V2.Init(); return true; });
    private readonly string _connectionString;

    public SqliteMetadataStore(string path)
    {
        _ = NativeLibrary.Value;
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        return c;
    }

    public override async Task InitializeAsync(CancellationToken ct = default)
    {
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        if (!File.Exists(Path))
        {
            // The file holds password hashes and key hashes: readable by the Hub's user only.
            using (OwnerOnlyFile.Create(Path, FileMode.OpenOrCreate)) { }
        }
        await using var c = await OpenAsync(ct);
        // WAL lets readers proceed while a writer commits (several requests, or two processes on one machine).
        await c.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(Schema, cancellationToken: ct));
    }
}
