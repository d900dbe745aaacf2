namespace Gravity.Testing;

/// <summary>A clock the test moves by hand, for token expiry, login lockouts and leases.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public void Advance(TimeSpan by) => Now += by;
    public override DateTimeOffset GetUtcNow() => Now;
}
