namespace Runbook.Outbox;

/// <summary>When a message that failed for now is tried again.</summary>
public static class OutboxRetry
{
    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed try: min(base × 2^(attempts − 1), max), plus up to
    /// <see cref="OutboxOptions.RetryJitterPercent"/> of it at random (<paramref name="random"/> in [0, 1)).
    /// </summary>
    public static TimeSpan Delay(int attempts, OutboxOptions options, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doubling = Math.Pow(2, Math.Clamp(attempts - 1, 0, 40));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryBase.Ticks * doubling, options.RetryMax.Ticks));
        return delay + (delay * (options.RetryJitterPercent / 100.0 * Math.Clamp(random, 0, 1)));
    }
}
