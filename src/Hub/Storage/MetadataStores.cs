namespace Gravity.Hub.Storage;

public static class MetadataStores
{
    /// <summary>PostgreSQL when a <c>postgres://</c> URL is given, otherwise SQLite in the data folder. Schema is created.</summary>
    public static async Task<IMetadataStore> OpenAsync(string dataDir, string? database, CancellationToken ct = default)
    {
        IMetadataStore store = string.IsNullOrEmpty(database)
            ? new SqliteMetadataStore(Path.Combine(dataDir, SqliteMetadataStore.FileName))
            : database.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
                ? new PostgresMetadataStore(database)
                : new SqliteMetadataStore(database.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase) ? database["sqlite://".Length..] : database);
        try
        {
            await store.InitializeAsync(ct);
        }
        catch (System.Data.Common.DbException e)
        {
            var where = string.IsNullOrEmpty(database) ? Path.Combine(dataDir, SqliteMetadataStore.FileName) : PostgresMetadataStore.Redact(database);
            throw new Gravity.Core.GravityException($"cannot open the metadata database {where}: {e.Message}", e);
        }
        return store;
    }
}
