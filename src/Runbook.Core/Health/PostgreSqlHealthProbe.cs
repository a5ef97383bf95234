using System.Data.Common;
using Npgsql;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>PostgreSQL: pg_class sizes, pg_stat_activity, and pg_stat_statements when it is installed.</summary>
public sealed class PostgreSqlHealthProbe : IServerHealthProbe
{
    // pg_total_relation_size takes a share lock and so waits behind anyone holding or queued for an exclusive lock on
    // the table, its TOAST table or an index (LOCK TABLE, ALTER, REINDEX). Such tables are sized from the catalog's
    // page counts instead (as of the last VACUUM / ANALYZE); @exact = false sizes every table that way.
    private const string LargestTablesSql = """
        SELECT n.nspname || '.' || c.relname,
               CASE WHEN @exact AND NOT EXISTS (
                        SELECT 1 FROM pg_locks l
                        WHERE l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
                          AND (l.relation IN (c.oid, c.reltoastrelid) OR l.relation IN (SELECT x.indexrelid FROM pg_index x WHERE x.indrelid = c.oid)))
                    THEN pg_total_relation_size(c.oid)
                    ELSE (c.relpages::bigint + COALESCE(t.relpages, 0)
                          + COALESCE((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
                         * current_setting('block_size')::bigint
               END,
               GREATEST(c.reltuples, 0)::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
        WHERE c.relkind IN ('r', 'p', 'm')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 2 DESC, 1
        LIMIT 10
        """;

    private const string LongRunningSql = """
        SELECT pid::text, EXTRACT(EPOCH FROM (clock_timestamp() - query_start))::float8, left(query, 500)
        FROM pg_stat_activity
        WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND datname = current_database()
          AND clock_timestamp() - query_start > make_interval(secs => @seconds)
        ORDER BY 2 DESC
        LIMIT 20
        """;

    // Utility statements keep their literals in pg_stat_statements: password-setting ones are left out here and again
    // by QueryText, and every text is redacted before it is reported.
    private const string SlowStatementsSql = """
        SELECT left(query, 500), calls, mean_exec_time
        FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query !~* 'password|identified'
        ORDER BY mean_exec_time DESC
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
        return new ServerStatistics
        {
            DatabaseSizeBytes = await connection.ScalarAsync<long>("SELECT pg_database_size(current_database())", timeout, cancellationToken),
            LargestTables = await ReadLargestTablesAsync(connection, timeout, cancellationToken),
            ConnectionsInUse = await connection.ScalarAsync<int>("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", timeout, cancellationToken),
            MaxConnections = await connection.ScalarAsync<int>("SELECT setting::int FROM pg_settings WHERE name = 'max_connections'", timeout, cancellationToken),
            LongRunningQueries = await connection.ListAsync(
                LongRunningSql,
                timeout,
                r => new RunningQuery(r.GetString(0), TimeSpan.FromSeconds(r.GetDouble(1)), QueryText.Redact(r.GetString(2), DatabaseProvider.PostgreSql)),
                cancellationToken,
                ("seconds", options.LongRunningQueryThreshold.TotalSeconds)),
            SessionsWaitingOnLocks = await connection.ScalarAsync<int>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", timeout, cancellationToken),
            SlowStatements = await ReadSlowStatementsAsync(connection, options, cancellationToken),
        };
    }

    private static async Task<IReadOnlyList<TableSize>> ReadLargestTablesAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadLargestTablesAsync(connection, timeout, exact: true, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // A lock taken between the pg_locks look-up and the size call: size everything from the catalog.
            return await ReadLargestTablesAsync(connection, timeout, exact: false, cancellationToken);
        }
    }

    private static Task<List<TableSize>> ReadLargestTablesAsync(DbConnection connection, TimeSpan timeout, bool exact, CancellationToken cancellationToken) =>
        connection.ListAsync(LargestTablesSql, timeout, r => new TableSize(r.GetString(0), r.GetInt64Any(1), r.GetInt64Any(2)), cancellationToken, ("exact", exact));

    private static async Task<SlowStatements> ReadSlowStatementsAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var installed = await connection.ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", options.CommandTimeout, cancellationToken);
        if (installed == 0)
        {
            return SlowStatements.Unavailable("the pg_stat_statements extension is not installed in this database");
        }

        try
        {
            var rows = await connection.ListAsync(
                SlowStatementsSql,
                options.CommandTimeout,
                r => new SlowStatement(r.GetString(0), r.GetInt64Any(1), r.GetDoubleAny(2)),
                cancellationToken,
                ("limit", options.SlowStatements));
            return new SlowStatements(true, null, SlowStatements.Redacted(rows, DatabaseProvider.PostgreSql));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // Installed with CREATE EXTENSION but not loaded through shared_preload_libraries.
            return SlowStatements.Unavailable("pg_stat_statements is installed but not loaded (add it to shared_preload_libraries)");
        }
    }
}
