using System.Data.Common;
using Dapper;
using Npgsql;

namespace Gravity.Hub.Storage;

/// <summary>Metadata in PostgreSQL, so that several Hub processes (behind a load balancer, blobs on a shared folder) serve one catalog.</summary>
public sealed class PostgresMetadataStore : SqlMetadataStore, IAsyncDisposable
{
    // Any constant: serialises schema creation between Hub processes starting at the same time.
    private const long SchemaLockId = 0x6772_6176_6875_62;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresMetadataStore(string url)
    {
        _dataSource = NpgsqlDataSource.Create(ToConnectionString(url));
    }

    /// <summary>Converts <c>postgres://user:pass@host:port/db?sslmode=disable</c> to an Npgsql connection string.</summary>
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            throw new FormatException($"invalid database URL '{Redact(url)}': expected postgres://user:password@host:port/database");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (string.IsNullOrEmpty(b.Database)) throw new FormatException($"invalid database URL '{Redact(url)}': no database name");
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) b.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase)) b.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true);
            else if (key.Equals("host", StringComparison.OrdinalIgnoreCase)) b.Host = value; // unix socket folder
            else throw new FormatException($"invalid database URL '{Redact(url)}': unsupported parameter '{key}'");
        }
        return b.ConnectionString;
    }

    /// <summary>The URL without its password, for messages.</summary>
    public static string Redact(string url)
    {
        var at = url.IndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return url;
        var colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@id)", new { id = SchemaLockId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(Schema, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
