using System.Net;
using System.Net.Sockets;
using Gravity.Hub.Storage;

namespace Gravity.Hub.Accounts;

/// <summary>
/// Slows down and then stops password guessing, per user name and per client address: after
/// <see cref="AccountOptions.FailuresBeforeDelay"/> failures in a row each try must wait 1, 2, 4... seconds after the last
/// failure, after <see cref="AccountOptions.FailuresBeforeLockout"/> logins are refused for
/// <see cref="AccountOptions.LockoutDuration"/>, even with the right password (addresses have their own, higher, counts).
/// A refused try is not checked, costs no hashing and is not counted. The counts live in the metadata store, so
/// every Hub process sharing it (and the admin commands) sees the same state. Unknown user names are counted like
/// existing ones, so a lockout says nothing about which names exist.
/// </summary>
public sealed class LoginThrottle(IMetadataStore store, AccountOptions options, TimeProvider time)
{
    private const string UserPrefix = "user:";
    private const string AddressPrefix = "address:";

    /// <summary>The lockout in force for the user or the address (the later-ending one), or null.</summary>
    public async Task<(Lockout? Lockout, bool UserHasFailures)> CheckAsync(string? user, string? address, CancellationToken ct = default)
    {
        var subjects = Subjects(user, address);
        if (subjects.Count == 0) return (null, false);
        var now = time.GetUtcNow();
        Lockout? worst = null;
        var userHasFailures = false;
        foreach (var record in await store.GetLoginFailuresAsync(subjects, ct))
        {
            var failures = Interpret(record);
            if (failures.Kind == LockoutKind.User) userHasFailures = true;
            if (failures.LockedUntil is { } until && until > now && (worst is null || until > worst.Until))
                worst = new Lockout(failures.Kind, failures.Name, failures.Failures, until);
        }
        return (worst, userHasFailures);
    }

    public async Task RecordFailureAsync(string? user, string? address, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        foreach (var subject in Subjects(user, address))
            await store.RecordLoginFailureAsync(subject, now, now - options.LockoutDuration, ct);
    }

    /// <summary>A right password clears the user's count; the address's count only fades with time, or one good account would reset it.</summary>
    public Task RecordSuccessAsync(string user, CancellationToken ct = default) => store.ClearLoginFailuresAsync(UserPrefix + user, ct);

    public async Task<IReadOnlyList<LoginFailures>> ListAsync(CancellationToken ct = default)
        => (await store.ListLoginFailuresAsync(ct)).Select(Interpret).Where(f => f.LastFailure > time.GetUtcNow() - options.LockoutDuration).ToArray();

    /// <summary>False when the user had no failed logins counted.</summary>
    public Task<bool> UnlockUserAsync(string user, CancellationToken ct = default) => store.ClearLoginFailuresAsync(UserPrefix + user, ct);

    public Task<bool> UnlockAddressAsync(string address, CancellationToken ct = default)
        => store.ClearLoginFailuresAsync(AddressPrefix + (AddressKey(address) ?? address), ct);

    /// <summary>Until when logins are refused after <paramref name="failures"/> failures, the last at <paramref name="lastFailure"/>; null when they are not.</summary>
    public DateTimeOffset? LockedUntil(LockoutKind kind, int failures, DateTimeOffset lastFailure)
    {
        var (delayAfter, lockAfter) = kind == LockoutKind.User
            ? (options.FailuresBeforeDelay, options.FailuresBeforeLockout)
            : (options.AddressFailuresBeforeDelay, options.AddressFailuresBeforeLockout);
        if (failures >= lockAfter) return lastFailure + options.LockoutDuration;
        if (failures >= delayAfter) return lastFailure + TimeSpan.FromSeconds(Math.Pow(2, Math.Min(failures - delayAfter, 20)));
        return null;
    }

    /// <summary>
    /// The key an address is counted under: IPv4 as it is (also when it arrives IPv4-mapped), IPv6 by its /64, which one
    /// client usually holds whole; null when it is no address.
    /// </summary>
    public static string? AddressKey(string? address)
    {
        if (address is null || !IPAddress.TryParse(address, out var ip)) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private LoginFailures Interpret(LoginFailureRecord r)
    {
        var isUser = r.Subject.StartsWith(UserPrefix, StringComparison.Ordinal);
        var name = r.Subject[(isUser ? UserPrefix.Length : AddressPrefix.Length)..];
        var kind = isUser ? LockoutKind.User : LockoutKind.Address;
        return new LoginFailures(kind, name, r.Failures, r.LastFailure, LockedUntil(kind, r.Failures, r.LastFailure));
    }

    /// <summary>Only names that could be users are counted: anything else can never log in, and must not grow the table.</summary>
    private static List<string> Subjects(string? user, string? address)
    {
        var subjects = new List<string>(2);
        if (!string.IsNullOrEmpty(user) && AccountService.IsValidUserName(user)) subjects.Add(UserPrefix + user);
        if (AddressKey(address) is { } key) subjects.Add(AddressPrefix + key);
        return subjects;
    }
}
