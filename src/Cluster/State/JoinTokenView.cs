namespace Gravity.Cluster.State;

/// <summary>One join token as `gravity resource get token` lists it.</summary>
/// <param name="Origin">"install" for the token the install created (ClusterInfo.JoinToken), "resource" for one added later.</param>
public sealed record JoinTokenView(string Token, string Origin, DateTimeOffset Created, DateTimeOffset? Expires, string? Description, bool Active);
