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
        await store.InitializeAsync(ct);
        return store;
    }
}
