namespace Runbook.Testing;

/// <summary>
/// A clock whose "now" stays at one instant (the moment a test database was seeded) while timestamps run on, so
/// windows and ages computed from "now" give the seeded figures however long after seeding a test runs, and measured
/// durations (latency) stay real.
/// </summary>
public sealed class PinnedClock(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
