namespace Gravity.Health.Monitoring;

/// <summary>Who the probes run for: shown as the node's name, address and tags in the health report.</summary>
public sealed record NodeIdentity(string Name, string AdvertiseAddr, string Role = "master");
