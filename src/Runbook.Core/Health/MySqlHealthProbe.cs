using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>MySQL 8 and MariaDB: information_schema sizes, the process list, and performance_schema digests when enabled.</summary>
public sealed class MySqlHealthProbe : IServerHealthProbe
{
    // information_schema.TABLES holds InnoDB's persistent statistics: sizes without scanning the tables.
    private const string DatabaseSizeSql = """
        SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
        """;

    private const string LargestTablesSql = """
        SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), COALESCE(DATA_LENGTH + INDEX_LENGTH, 0), COALESCE(TABLE_ROWS, 0)
        FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
        ORDER BY 2 DESC, 1
        LIMIT 10
        """;

    private const string LongRunningSql = """
        SELECT CAST(ID AS CHAR), TIME, LEFT(COALESCE(INFO, ''), 500)
        FROM information_schema.PROCESSLIST
        WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump') AND ID <> CONNECTION_ID() AND DB = DATABASE() AND TIME > @seconds
        ORDER BY TIME DESC
        LIMIT 20
        """;

    // Sessions of this database waiting for an InnoDB row lock or queued for a table or metadata lock.
    private const string LockWaitsSql = """
        SELECT COUNT(*) FROM information_schema.PROCESSLIST
        WHERE DB = DATABASE() AND ID <> CONNECTION_ID()
          AND (STATE LIKE 'Waiting for%lock%' OR ID IN (SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'))
        """;

    private const string SlowStatementsSql = """
        SELECT LEFT(COALESCE(DIGEST_TEXT, ''), 500), COUNT_STAR, AVG_TIMER_WAIT / 1000000000.0
        FROM performance_schema.events_statements_summary_by_digest
        WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT IS NOT NULL AND DIGEST_TEXT NOT RLIKE '(?i)password|identified'
        ORDER BY AVG_TIMER_WAIT DESC
        LIMIT @limit
        """;

    /// <inheritdoc />
    public Task<TimeSpan> MeasureLatencyAsync(DbConnection connection, HealthCheckOptions options, TimeProvider time, CancellationToken cancellationToken = default) =>
        Latency.MeasureAsync(connection, options, time, cancellationToken);

    /// <inheritdoc />
    public async Task<ServerStatistics> ReadAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var timeout = options.CommandTimeout;
        var status = await ReadGlobalStatusAsync(connection, timeout, cancellationToken);
        return new ServerStatistics
        {
            DatabaseSizeBytes = await connection.ScalarAsync<long>(DatabaseSizeSql, timeout, cancellationToken),
            LargestTables = await connection.ListAsync(LargestTablesSql, timeout, r => new TableSize(r.GetString(0), r.GetInt64Any(1), r.GetInt64Any(2)), cancellationToken),
            ConnectionsInUse = (int)status.GetValueOrDefault("Threads_connected"),
            MaxConnections = await connection.ScalarAsync<int>("SELECT @@max_connections", timeout, cancellationToken),
            LongRunningQueries = await connection.ListAsync(
                LongRunningSql,
                timeout,
                r => new RunningQuery(r.GetString(0), TimeSpan.FromSeconds(r.GetInt64Any(1)), QueryText.Redact(r.GetString(2), DatabaseProvider.MySql)),
                cancellationToken,
                ("seconds", (long)options.LongRunningQueryThreshold.TotalSeconds)),
            SessionsWaitingOnLocks = await connection.ScalarAsync<int>(LockWaitsSql, timeout, cancellationToken),
            SlowStatements = await ReadSlowStatementsAsync(connection, options, cancellationToken),
        };
    }

    private static async Task<Dictionary<string, long>> ReadGlobalStatusAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rows = await connection.ListAsync(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected')",
            timeout,
            r => (Name: r.GetString(0), Value: long.TryParse(r.GetString(1), out var value) ? value : 0),
            cancellationToken);
        return rows.ToDictionary(r => r.Name, r => r.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<SlowStatements> ReadSlowStatementsAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var enabled = await connection.ScalarAsync<long>("SELECT @@performance_schema", options.CommandTimeout, cancellationToken);
        if (enabled == 0)
        {
            return SlowStatements.Unavailable("performance_schema is disabled on this server (set performance_schema=ON)");
        }

        var rows = await connection.ListAsync(
            SlowStatementsSql,
            options.CommandTimeout,
            r => new SlowStatement(r.GetString(0), r.GetInt64Any(1), r.GetDoubleAny(2)),
            cancellationToken,
            ("limit", options.SlowStatements));
        return new SlowStatements(true, null, SlowStatements.Redacted(rows, DatabaseProvider.MySql));
    }
}
