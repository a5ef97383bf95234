using System.Data.Common;
using System.Globalization;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>
/// Reads the application's own tables named in configuration: the error log and the queues. The SQL is the same
/// on every engine; only identifier quoting comes from the dialect. Every query filters on an indexed column
/// (time, status) so that it reads the recent or open part of a table, not all of it.
/// </summary>
public sealed class AppTableInspector
{
    /// <summary>Counts errors and warnings in the window and the most frequent messages.</summary>
    public async Task<ErrorLogSummary> ReadErrorLogAsync(
        DbConnection connection, IDatabaseDialect dialect, ErrorLogTableOptions log, HealthCheckOptions options, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);

        var table = dialect.Quote(SqlIdentifier.Parse(log.Table));
        var level = dialect.Quote(SqlIdentifier.Parse(log.LevelColumn, allowSchema: false));
        var time = dialect.Quote(SqlIdentifier.Parse(log.TimeColumn, allowSchema: false));
        var message = dialect.Quote(SqlIdentifier.Parse(log.MessageColumn, allowSchema: false));

        var parameters = new List<(string, object?)> { ("since", (now - options.ErrorLogWindow).UtcDateTime) };
        var errorIn = InList("e", log.EffectiveErrorLevels.Select(l => l.ToLowerInvariant()), parameters);
        var warningIn = InList("w", log.EffectiveWarningLevels.Select(l => l.ToLowerInvariant()), parameters);

        var countsSql = $"""
            SELECT COALESCE(SUM(CASE WHEN LOWER({level}) IN ({errorIn}) THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN LOWER({level}) IN ({warningIn}) THEN 1 ELSE 0 END), 0)
            FROM {table}
            WHERE {time} >= @since
            """;
        var counts = await connection.ListAsync(countsSql, options.CommandTimeout, r => (Errors: r.GetInt64Any(0), Warnings: r.GetInt64Any(1)), cancellationToken, [.. parameters]);

        var topSql = $"""
            SELECT {message}, COUNT(*)
            FROM {table}
            WHERE {time} >= @since AND (LOWER({level}) IN ({errorIn}) OR LOWER({level}) IN ({warningIn}))
            GROUP BY {message}
            ORDER BY 2 DESC, 1
            LIMIT {options.TopMessages.ToString(CultureInfo.InvariantCulture)}
            """;
        var top = await connection.ListAsync(topSql, options.CommandTimeout, r => new LogMessageCount(r.IsDBNull(0) ? string.Empty : r.GetString(0), r.GetInt64Any(1)), cancellationToken, [.. parameters]);

        return new ErrorLogSummary(log.Table, options.ErrorLogWindow, counts[0].Errors, counts[0].Warnings, top);
    }

    /// <summary>Counts the configured statuses, the oldest item in each, and the items stuck waiting.</summary>
    public async Task<QueueHealth> ReadQueueAsync(
        DbConnection connection, IDatabaseDialect dialect, QueueTableOptions queue, HealthCheckOptions options, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);

        var table = dialect.Quote(SqlIdentifier.Parse(queue.Table));
        var status = dialect.Quote(SqlIdentifier.Parse(queue.StatusColumn, allowSchema: false));
        var createdAt = dialect.Quote(SqlIdentifier.Parse(queue.CreatedAtColumn, allowSchema: false));

        var depthParameters = new List<(string, object?)>();
        var statusIn = InList("s", queue.EffectiveStatuses, depthParameters);
        var depthSql = $"""
            SELECT {status}, COUNT(*), MIN({createdAt})
            FROM {table}
            WHERE {status} IN ({statusIn})
            GROUP BY {status}
            """;
        var depths = await connection.ListAsync(
            depthSql,
            options.CommandTimeout,
            r => new QueueStatusDepth(r.GetString(0), r.GetInt64Any(1), r.IsDBNull(2) ? null : Age(now, r.GetDateTime(2))),
            cancellationToken,
            [.. depthParameters]);

        var stuckParameters = new List<(string, object?)> { ("cutoff", (now - options.QueueStuckThreshold).UtcDateTime) };
        var waitingIn = InList("w", queue.EffectiveWaitingStatuses, stuckParameters);
        var stuckSql = $"SELECT COUNT(*) FROM {table} WHERE {status} IN ({waitingIn}) AND {createdAt} < @cutoff";
        var stuck = await connection.ScalarAsync<long>(stuckSql, options.CommandTimeout, cancellationToken, [.. stuckParameters]);

        // Report every configured status, zero included, in configuration order.
        var ordered = queue.EffectiveStatuses
            .Select(s => depths.FirstOrDefault(d => string.Equals(d.Status, s, StringComparison.OrdinalIgnoreCase)) ?? new QueueStatusDepth(s, 0, null))
            .ToList();
        return new QueueHealth(queue.DisplayName, queue.Table, ordered, stuck, options.QueueStuckThreshold);
    }

    private static string InList(string prefix, IEnumerable<string> values, List<(string, object?)> parameters)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count.ToString(CultureInfo.InvariantCulture)}";
            names.Add("@" + name);
            parameters.Add((name, value));
        }

        return string.Join(", ", names);
    }

    // Times in app tables are UTC; MySQL DATETIME comes back without a kind.
    private static TimeSpan Age(DateTimeOffset now, DateTime createdAt)
    {
        var age = now.UtcDateTime - DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }
}
