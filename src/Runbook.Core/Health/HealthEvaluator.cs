using System.Globalization;

namespace Runbook.Health;

/// <summary>Judges what the check read against the thresholds: one finding per fact, each with a severity.</summary>
public static class HealthEvaluator
{
    /// <summary>The finding for the round-trip latency.</summary>
    public static HealthFinding Judge(TimeSpan latency, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HealthFinding(
            "latency",
            Grade(latency.TotalMilliseconds, options.LatencyWarning.TotalMilliseconds, options.LatencyCritical.TotalMilliseconds),
            Format($"Round trip {latency.TotalMilliseconds:0.0} ms (warning at {options.LatencyWarning.TotalMilliseconds:0} ms, critical at {options.LatencyCritical.TotalMilliseconds:0} ms)."));
    }

    /// <summary>Findings for the server's statistics.</summary>
    public static IEnumerable<HealthFinding> Judge(ServerStatistics server, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);

        var percent = server.MaxConnections > 0 ? 100.0 * server.ConnectionsInUse / server.MaxConnections : 0;
        yield return new HealthFinding(
            "connections",
            Grade(percent, options.ConnectionsWarningPercent, options.ConnectionsCriticalPercent),
            Format($"{server.ConnectionsInUse} of {server.MaxConnections} connections in use ({percent:0.#}%)."));

        yield return new HealthFinding(
            "long-running-queries",
            server.LongRunningQueries.Count > 0 ? Severity.Warning : Severity.Normal,
            server.LongRunningQueries.Count == 0
                ? Format($"No statement running longer than {options.LongRunningQueryThreshold}.")
                : Format($"{server.LongRunningQueries.Count} statement(s) running longer than {options.LongRunningQueryThreshold}; the longest for {server.LongRunningQueries.Max(q => q.Duration)}."));

        yield return new HealthFinding(
            "lock-waits",
            Grade(server.SessionsWaitingOnLocks, options.LockWaitsWarning, options.LockWaitsCritical),
            Format($"{server.SessionsWaitingOnLocks} session(s) waiting on locks."));

        yield return new HealthFinding(
            "slow-statements",
            Severity.Normal,
            server.SlowStatements.Available
                ? Format($"{server.SlowStatements.Statements.Count} slowest statement(s) listed.")
                : $"Slow statements unavailable: {server.SlowStatements.Reason}.");
    }

    /// <summary>The finding for the error log.</summary>
    public static HealthFinding Judge(ErrorLogSummary log, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        var top = log.TopMessages.Count > 0 ? Format($" Most frequent: {log.TopMessages[0].Level} \"{log.TopMessages[0].Message}\" ({log.TopMessages[0].Count}).") : string.Empty;
        return new HealthFinding(
            "error-log",
            Grade(log.ErrorCount, options.ErrorsWarning, options.ErrorsCritical),
            Format($"{log.ErrorCount} error(s) and {log.WarningCount} warning(s) in {log.Table} over the last {log.Window.TotalHours:0.#} h.{top}"));
    }

    /// <summary>The finding for one queue: stuck items, then failed items.</summary>
    public static HealthFinding Judge(QueueHealth queue, IReadOnlyList<string> failedStatuses, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(failedStatuses);
        ArgumentNullException.ThrowIfNull(options);
        var failed = failedStatuses.Sum(queue.DepthOf);
        var stuckSeverity = Grade(queue.StuckCount, options.StuckItemsWarning, options.StuckItemsCritical);
        var failedSeverity = failed >= options.FailedItemsWarning ? Severity.Warning : Severity.Normal;
        var depths = string.Join(", ", queue.Statuses.Select(s => Format($"{s.Status} {s.Count}")));
        return new HealthFinding(
            "queue:" + queue.Queue,
            (Severity)Math.Max((int)stuckSeverity, (int)failedSeverity),
            Format($"{queue.Queue}: {depths}; {queue.StuckCount} stuck waiting longer than {queue.StuckThreshold}."));
    }

    /// <summary>Normal below <paramref name="warning"/>, Warning from it, Critical from <paramref name="critical"/>.</summary>
    public static Severity Grade(double value, double warning, double critical) =>
        value >= critical ? Severity.Critical : value >= warning ? Severity.Warning : Severity.Normal;

    /// <summary>For figures that are bad when low (a hit ratio): Normal above <paramref name="warning"/>, Critical below <paramref name="critical"/>.</summary>
    public static Severity GradeBelow(double value, double warning, double critical) =>
        value < critical ? Severity.Critical : value < warning ? Severity.Warning : Severity.Normal;

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
