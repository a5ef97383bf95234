namespace Runbook.Testing;

/// <summary>A clock a test moves forward by hand ("25 hours later"), while timestamps run on so durations stay real.</summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <summary>Moves "now" forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => _now += by;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;
}
