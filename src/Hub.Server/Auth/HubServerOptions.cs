using Gravity.Hub.Accounts;
using Gravity.Registry.Server;

namespace Gravity.Hub.Server;

/// <summary>How a Hub runs: its registry (listen address, data folder, TLS), where metadata lives, and account settings.</summary>
public sealed record HubServerOptions
{
    public required RegistryServerOptions Registry { get; init; }

    /// <summary>null: SQLite in the data folder; <c>postgres://user:pass@host:port/db</c>: shared PostgreSQL.</summary>
    public string? Database { get; init; }

    public AccountOptions Accounts { get; init; } = new();

    /// <summary>The URL clients reach the Hub at (behind a load balancer); null: taken from each request.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>The clock of tokens and login lockouts (tests replace it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
