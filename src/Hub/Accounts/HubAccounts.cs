using Gravity.Hub.Storage;

namespace Gravity.Hub.Accounts;

public static class HubAccounts
{
    /// <summary>The account service of a Hub's data folder and database, for admin commands run next to the Hub.</summary>
    public static async Task<AccountService> OpenAsync(string dataDir, string? database, AccountOptions? options = null, CancellationToken ct = default)
    {
        var store = await MetadataStores.OpenAsync(dataDir, database, ct);
        return new AccountService(store, new TokenSigner(SigningKeyFile.LoadOrCreate(dataDir)), options);
    }
}
