using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.State;

/// <summary>
/// The cluster's join tokens, the one place that says which token lets a node join: the token the install created
/// (<see cref="ClusterInfo.JoinToken"/>, empty once revoked) and those added as resources under <see cref="Prefix"/>,
/// each keyed by its SHA-256 so that revoking needs nothing but the token. Expired tokens stay listed (as inactive)
/// until removed, so that an operator sees why a join was refused.
/// </summary>
public sealed partial class JoinTokenStore(IClusterStore etcd, TimeProvider time)
{
    public const string Prefix = "/gravity/tokens/join/";

    /// <summary>More active tokens than this is a mistake (and every token's proof is computed for each join).</summary>
    public const int MaxActiveTokens = 16;

    public const int MinTokenLength = 16;

    public static string IdOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Every token, the install's first, then the added ones by creation time.</summary>
    public async Task<IReadOnlyList<JoinTokenView>> ListAsync(CancellationToken ct = default)
        => await ListAsync(await new ClusterStateStore(etcd).GetClusterAsync(ct), ct);

    /// <param name="cluster">The cluster's record as the caller read it just now.</param>
    public async Task<IReadOnlyList<JoinTokenView>> ListAsync(ClusterInfo? cluster, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var result = new List<JoinTokenView>();
        if (cluster is { JoinToken.Length: > 0 })
            result.Add(new JoinTokenView(cluster.JoinToken, "install", cluster.Created, null, null, true));
        foreach (var kv in await etcd.GetPrefixAsync(Prefix, ct))
        {
            var record = JsonSerializer.Deserialize<JoinTokenRecord>(kv.Value, PlanJson.Options);
            if (record is null || record.Token == cluster?.JoinToken) continue;
            result.Add(new JoinTokenView(record.Token, "resource", record.Created, record.Expires, record.Description, record.IsActiveAt(now)));
        }
        return result.OrderBy(t => t.Origin == "install" ? 0 : 1).ThenBy(t => t.Created).ToList();
    }

    public async Task<IReadOnlyList<string>> ActiveTokensAsync(CancellationToken ct = default)
        => await ActiveTokensAsync(await new ClusterStateStore(etcd).GetClusterAsync(ct), ct);

    /// <param name="cluster">The cluster's record as the caller read it just now.</param>
    public async Task<IReadOnlyList<string>> ActiveTokensAsync(ClusterInfo? cluster, CancellationToken ct = default)
        => (await ListAsync(cluster, ct)).Where(t => t.Active).Select(t => t.Token).ToList();

    /// <summary>The token `gravity status` prints: the install's while it is active, else the oldest active one; null when none is.</summary>
    public async Task<string?> PrimaryAsync(CancellationToken ct = default) => (await ActiveTokensAsync(ct)).FirstOrDefault();

    /// <inheritdoc cref="PrimaryAsync(CancellationToken)"/>
    public async Task<string?> PrimaryAsync(ClusterInfo cluster, CancellationToken ct = default)
        => cluster.JoinToken.Length > 0 ? cluster.JoinToken : (await ListAsync(cluster, ct)).FirstOrDefault(t => t.Active)?.Token;

    /// <summary>Whether <paramref name="token"/> is an active join token (compared in constant time with each).</summary>
    public async Task<bool> IsValidAsync(string? token, CancellationToken ct = default)
        => await IsValidAsync(token, await new ClusterStateStore(etcd).GetClusterAsync(ct), ct);

    /// <inheritdoc cref="IsValidAsync(string?, CancellationToken)"/>
    /// <param name="cluster">The cluster's record as the caller read it just now.</param>
    public async Task<bool> IsValidAsync(string? token, ClusterInfo? cluster, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var valid = false;
        foreach (var active in await ActiveTokensAsync(cluster, ct))
            valid |= CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(active)), given);
        return valid;
    }

    /// <summary>Adds a join token (a random one when <paramref name="token"/> is null) and returns it.</summary>
    public async Task<JoinTokenRecord> CreateAsync(string? token, DateTimeOffset? expires, string? description, CancellationToken ct = default)
    {
        token ??= RandomNumberGenerator.GetHexString(32, lowercase: true);
        Validate(token);
        var now = time.GetUtcNow();
        if (expires is { } e && e <= now) throw new GravityException($"the token's expiry {e:O} is in the past");
        var all = await ListAsync(ct);
        if (all.Any(t => t.Token == token)) throw new GravityException("the cluster has this join token already");
        if (all.Count(t => t.Active) >= MaxActiveTokens)
            throw new GravityException($"the cluster has {MaxActiveTokens} active join tokens already: remove one first (gravity resource rm token TOKEN)");
        var record = new JoinTokenRecord(token, now, expires, description);
        var swap = await etcd.CompareAndSwapAsync(Prefix + IdOf(token), EtcdSwap.Absent, JsonSerializer.Serialize(record, PlanJson.Options), ct: ct);
        if (!swap.Swapped) throw new GravityException("the cluster has this join token already");
        return record;
    }

    /// <summary>Revokes <paramref name="token"/>: no join starts with it any more, and the expand operations it admitted stop.</summary>
    /// <returns>False when the cluster has no such token.</returns>
    public async Task<bool> RevokeAsync(string token, CancellationToken ct = default)
    {
        // The install token's field is empty once revoked: "" would match it and report a revocation of nothing.
        if (string.IsNullOrEmpty(token)) return false;
        var removed = await etcd.DeleteAsync(Prefix + IdOf(token), ct) > 0;
        // Compare-and-swap: a concurrent change of the cluster's record (its status) must not be overwritten.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var kv = await etcd.GetAsync(ClusterStateStore.ClusterKey, ct);
            var cluster = kv is null ? null : JsonSerializer.Deserialize<ClusterInfo>(kv.Value, PlanJson.Options);
            if (cluster is null || cluster.JoinToken != token) return removed;
            var swap = await etcd.CompareAndSwapAsync(ClusterStateStore.ClusterKey, kv!.ModRevision,
                JsonSerializer.Serialize(cluster with { JoinToken = "" }, PlanJson.Options), ct: ct);
            if (swap.Swapped) return true;
        }
        throw new GravityException("the cluster's record kept changing while the join token was revoked: try again");
    }

    public static readonly string FormatRule = $"a join token has {MinTokenLength} to 256 characters: letters, digits and -._~+/= (a short token can be guessed)";

    public static bool IsWellFormed(string token) => token.Length is >= MinTokenLength and <= 256 && TokenPattern().IsMatch(token);

    private static void Validate(string token)
    {
        if (!IsWellFormed(token)) throw new GravityException(FormatRule);
    }

    // \z, not $: $ matches before a final line break too.
    [GeneratedRegex(@"^[A-Za-z0-9._~+/=-]+\z")]
    private static partial Regex TokenPattern();
}
