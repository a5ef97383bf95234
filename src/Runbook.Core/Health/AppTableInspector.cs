using System.Data.Common;
using System.Globalization;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>
/// Reads the application's own tables named in configuration: the error log and the queues. Each table's columns are
/// checked against the catalog first, so a wrong name or type is a <see cref="TableConfigurationException"/> that names
/// the key, not a driver error. The SQL is the same on every engine; quoting and text casts come from the dialect.
/// Every query filters on an indexed column (time, status), and the window is computed here in UTC and compared in a
/// UTC session, so it does not move with the server's time zone. Members are virtual for fault tests.
/// </summary>
public class AppTableInspector
{
    /// <summary>Counts errors and warnings in the window and the most frequent messages, errors first.</summary>
    /// <param name="session">The target's open session.</param>
    /// <param name="log">The log table's configuration.</param>
    /// <param name="key">The configuration key of <paramref name="log"/> (<c>Runbook:Targets:0:ErrorLog</c>).</param>
    /// <param name="options">The health check's options.</param>
    /// <param name="now">The end of the window.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public virtual async Task<ErrorLogSummary> ReadErrorLogAsync(
        TargetSession session, ErrorLogTableOptions log, string key, HealthCheckOptions options, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        var dialect = session.Dialect;
        var columns = await ReadColumnsAsync(session, log.Table, key, options, cancellationToken);
        var level = $"LOWER({Column(dialect, columns, key + ":LevelColumn", log.LevelColumn, ColumnKind.Text, forceText: true)})";
        var time = Column(dialect, columns, key + ":TimeColumn", log.TimeColumn, ColumnKind.Time);
        var message = Column(dialect, columns, key + ":MessageColumn", log.MessageColumn, ColumnKind.Text);
        var table = dialect.Quote(SqlIdentifier.Parse(log.Table));

        var parameters = new List<(string, object?)> { ("since", (now - options.ErrorLogWindow).UtcDateTime) };
        var errorIn = DbConnectionExtensions.InList("e", log.EffectiveErrorLevels.Select(l => l.ToLowerInvariant()), parameters);
        var warningIn = DbConnectionExtensions.InList("w", log.EffectiveWarningLevels.Select(l => l.ToLowerInvariant()), parameters);

        var countsSql = $"""
            SELECT COALESCE(SUM(CASE WHEN {level} IN ({errorIn}) THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN {level} IN ({warningIn}) THEN 1 ELSE 0 END), 0)
            FROM {table}
            WHERE {time} >= @since
            """;
        var counts = await ReadAsync(session, key, () => session.Connection.ListAsync(countsSql, options.CommandTimeout, r => (Errors: r.GetInt64Any(0), Warnings: r.GetInt64Any(1)), cancellationToken, [.. parameters]));

        var topSql = $"""
            SELECT {level}, {message}, COUNT(*)
            FROM {table}
            WHERE {time} >= @since AND ({level} IN ({errorIn}) OR {level} IN ({warningIn}))
            GROUP BY {level}, {message}
            ORDER BY CASE WHEN {level} IN ({errorIn}) THEN 0 ELSE 1 END, 3 DESC, 2
            LIMIT {options.TopMessages.ToString(CultureInfo.InvariantCulture)}
            """;
        var top = await ReadAsync(session, key, () => session.Connection.ListAsync(
            topSql,
            options.CommandTimeout,
            r => new LogMessageCount(r.GetString(0), r.IsDBNull(1) ? string.Empty : DatabaseText.Clean(r.GetString(1)), r.GetInt64Any(2)),
            cancellationToken,
            [.. parameters]));

        return new ErrorLogSummary(log.Table, options.ErrorLogWindow, counts[0].Errors, counts[0].Warnings, top);
    }

    /// <summary>Counts the configured statuses, the oldest item in each, and the items stuck waiting.</summary>
    /// <param name="session">The target's open session.</param>
    /// <param name="queue">The queue table's configuration.</param>
    /// <param name="key">The configuration key of <paramref name="queue"/> (<c>Runbook:Targets:0:Queues:1</c>).</param>
    /// <param name="options">The health check's options.</param>
    /// <param name="now">The time ages are measured to.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public virtual async Task<QueueHealth> ReadQueueAsync(
        TargetSession session, QueueTableOptions queue, string key, HealthCheckOptions options, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        var dialect = session.Dialect;
        var columns = await ReadColumnsAsync(session, queue.Table, key, options, cancellationToken);
        var status = Column(dialect, columns, key + ":StatusColumn", queue.StatusColumn, ColumnKind.Text);
        var createdAt = Column(dialect, columns, key + ":CreatedAtColumn", queue.CreatedAtColumn, ColumnKind.Time);
        var table = dialect.Quote(SqlIdentifier.Parse(queue.Table));

        var depthParameters = new List<(string, object?)>();
        var statusIn = DbConnectionExtensions.InList("s", queue.EffectiveStatuses, depthParameters);
        var depthSql = $"""
            SELECT {status}, COUNT(*), MIN({createdAt})
            FROM {table}
            WHERE {status} IN ({statusIn})
            GROUP BY {status}
            """;
        var depths = await ReadAsync(session, key, () => session.Connection.ListAsync(
            depthSql,
            options.CommandTimeout,
            r => new QueueStatusDepth(r.GetString(0), r.GetInt64Any(1), r.IsDBNull(2) ? null : Age(now, r.GetDateTime(2))),
            cancellationToken,
            [.. depthParameters]));

        var stuckParameters = new List<(string, object?)> { ("cutoff", (now - options.QueueStuckThreshold).UtcDateTime) };
        var waitingIn = DbConnectionExtensions.InList("w", queue.EffectiveWaitingStatuses, stuckParameters);
        var stuckSql = $"SELECT COUNT(*) FROM {table} WHERE {status} IN ({waitingIn}) AND {createdAt} < @cutoff";
        var stuck = await ReadAsync(session, key, () => session.Connection.ScalarAsync<long>(stuckSql, options.CommandTimeout, cancellationToken, [.. stuckParameters]));

        // Report every counted status, zero included, in configuration order.
        var ordered = queue.EffectiveStatuses
            .Select(s => depths.FirstOrDefault(d => string.Equals(d.Status, s, StringComparison.OrdinalIgnoreCase)) ?? new QueueStatusDepth(s, 0, null))
            .ToList();
        return new QueueHealth(queue.DisplayName, queue.Table, ordered, stuck, options.QueueStuckThreshold);
    }

    private static async Task<TableColumns> ReadColumnsAsync(TargetSession session, string table, string key, HealthCheckOptions options, CancellationToken cancellationToken) =>
        await session.Dialect.ReadColumnsAsync(session.Connection, SqlIdentifier.Parse(table), options.CommandTimeout, cancellationToken)
        ?? throw new TableConfigurationException($"{key}:Table '{table}' does not exist in target {session.Target.Name} (check the table name, and its schema prefix, in configuration).");

    private static string Column(IDatabaseDialect dialect, TableColumns columns, string key, string name, ColumnKind kind, bool forceText = false)
    {
        var quoted = columns.Quote(dialect, key, name, kind);
        return forceText || columns.Columns[name].CompareAsText ? dialect.AsText(quoted) : quoted;
    }

    // A table dropped or altered between the catalog check and the read is still a configuration problem.
    private static async Task<T> ReadAsync<T>(TargetSession session, string key, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (DbException e) when (session.Dialect.IsMissingTableOrColumn(e))
        {
            throw new TableConfigurationException($"{key}: {DatabaseText.FirstLine(e.Message)}", e);
        }
    }

    // The session runs in UTC: timestamps with a time zone come back in UTC, and those without are taken as UTC.
    private static TimeSpan Age(DateTimeOffset now, DateTime createdAt)
    {
        var age = now.UtcDateTime - DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }
}
