namespace Gravity.Preflight;

/// <summary>How many bytes the install will write under the state folder, and what for (said when there is less room).</summary>
public sealed record StateSpaceRequirement(long Bytes, string Purpose);
