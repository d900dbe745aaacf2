namespace Gravity.Registry;

/// <summary>
/// The outcome of an access check. Denied with <see cref="RegistryErrorCodes.Unauthorized"/> becomes a 401 with a
/// WWW-Authenticate challenge (<see cref="WwwAuthenticate"/>, default <c>Basic realm="gravity"</c>); denied with
/// <see cref="RegistryErrorCodes.Denied"/> becomes a 403; with <see cref="RegistryErrorCodes.TooManyRequests"/> a 429.
/// </summary>
public sealed record AccessDecision
{
    public const string DefaultChallenge = "Basic realm=\"gravity\"";

    public bool Allowed { get; init; }

    /// <summary>UNAUTHORIZED, DENIED or TOOMANYREQUESTS when not allowed.</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    /// <summary>The WWW-Authenticate header value sent with a 401; null means <see cref="DefaultChallenge"/>.</summary>
    public string? WwwAuthenticate { get; init; }

    /// <summary>Who the caller is, when known (for logs and audit).</summary>
    public string? Subject { get; init; }

    public static AccessDecision Allow(string? subject = null) => new() { Allowed = true, Subject = subject };

    public static AccessDecision Unauthorized(string message = "authentication required", string? wwwAuthenticate = null)
        => new() { Allowed = false, Code = RegistryErrorCodes.Unauthorized, Message = message, WwwAuthenticate = wwwAuthenticate };

    public static AccessDecision TooManyRequests(string message = "too many requests")
        => new() { Allowed = false, Code = RegistryErrorCodes.TooManyRequests, Message = message };

    public static AccessDecision Denied(string message = "requested access to the resource is denied", string? subject = null)
        => new() { Allowed = false, Code = RegistryErrorCodes.Denied, Message = message, Subject = subject };
}
