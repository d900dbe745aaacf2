namespace Gravity.Cluster.Resources;

/// <summary>A `kind: token` document of a resource file: a join token to add (a random one when <see cref="Token"/> is null).</summary>
public sealed record JoinTokenResource(string? Token, DateTimeOffset? Expires, string? Description, string Source);
