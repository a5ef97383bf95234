namespace Runbook.Health.ServerChecks;

/// <summary>The one judgement of a cache hit ratio, shared by PostgreSQL's shared buffers and InnoDB's buffer pool.</summary>
public static class CacheHitRatio
{
    /// <summary>The check's name on both engines.</summary>
    public const string Name = "cache-hit-ratio";

    /// <summary>Judges <paramref name="hits"/> out of <paramref name="requests"/>; too few requests are reported, not judged.</summary>
    public static ServerCheckResult Judge(string cache, double hits, double requests, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Judged on the figure the report shows (two decimals), so the two never disagree.
        var percent = requests > 0 ? Math.Round(100 * hits / requests, 2) : 100;
        var judged = requests >= options.CacheHitMinimumReads;
        var severity = judged ? HealthEvaluator.GradeBelow(percent, options.CacheHitRatioWarningPercent, options.CacheHitRatioCriticalPercent) : Severity.Normal;
        var item = new ServerCheckItem(cache, severity, percent, "%", ServerCheckText.Format($"{hits:N0} of {requests:N0} reads served from memory"));
        var message = judged
            ? ServerCheckText.Format($"{cache} hit ratio {percent:0.##}% over {requests:N0} reads (warning below {options.CacheHitRatioWarningPercent}%, critical below {options.CacheHitRatioCriticalPercent}%).")
            : ServerCheckText.Format($"{cache} hit ratio {percent:0.##}% over only {requests:N0} reads since the statistics were reset: too few to judge (CacheHitMinimumReads {options.CacheHitMinimumReads:N0}).");
        return new ServerCheckResult(Name, severity, message, [item]);
    }
}
