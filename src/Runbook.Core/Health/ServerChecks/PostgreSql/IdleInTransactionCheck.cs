using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Sessions of the target's database idle inside an open transaction (<c>pg_stat_activity</c>): they keep their locks and
/// hold back vacuum for every table of the database. PostgreSQL keeps only each session's last statement, which is what
/// is shown (literals redacted).
/// </summary>
public sealed class IdleInTransactionCheck() : ServerCheck("idle-in-transaction", "sessions idle in a transaction (pg_stat_activity)", PostgreSqlPrivileges.MonitorGrant)
{
    private const string Sql = """
        SELECT a.pid::text, COALESCE(a.usename, ''), COALESCE(a.application_name, ''),
               EXTRACT(EPOCH FROM (clock_timestamp() - a.state_change))::float8,
               EXTRACT(EPOCH FROM (clock_timestamp() - a.xact_start))::float8,
               (SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid AND l.granted),
               left(COALESCE(a.query, ''), 500)
        FROM pg_stat_activity a
        WHERE a.state IN ('idle in transaction', 'idle in transaction (aborted)')
          AND a.datname = current_database() AND a.pid <> pg_backend_pid()
          AND clock_timestamp() - a.state_change >= make_interval(secs => @seconds)
        ORDER BY a.state_change
        LIMIT 20
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var warning = options.IdleInTransactionWarning.TotalSeconds;
        var critical = options.IdleInTransactionCritical.TotalSeconds;
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var idle = r.GetDouble(3);
                return new ServerCheckItem(
                    "pid " + r.GetString(0),
                    HealthEvaluator.Grade(idle, warning, critical),
                    Math.Round(idle),
                    "s",
                    ServerCheckText.Format($"user {r.GetString(1)}, application '{DatabaseText.Clean(r.GetString(2))}', idle for {ServerCheckText.Duration(idle)} in a transaction open for {ServerCheckText.Duration(r.GetDouble(4))}, holding {r.GetInt64Any(5)} lock(s); last statement: {QueryText.Redact(r.GetString(6), DatabaseProvider.PostgreSql)}"));
            },
            cancellationToken,
            ("seconds", warning));

        var sees = await PostgreSqlPrivileges.SeesAllSessionsAsync(connection, options.CommandTimeout, cancellationToken);
        var blind = sees ? string.Empty : PostgreSqlPrivileges.OwnSessionsOnly("sessions");
        var severity = ServerCheckText.Worst(items);
        var message = items.Count == 0
            ? ServerCheckText.Format($"No session idle in a transaction for {options.IdleInTransactionWarning} or longer.{blind}")
            : ServerCheckText.Format($"{items.Count} session(s) idle in a transaction for {options.IdleInTransactionWarning} or longer (critical at {options.IdleInTransactionCritical}); the longest, {items[0].Subject}, for {ServerCheckText.Duration(items[0].Value)}.{blind}");
        return new ServerCheckResult(Name, sees ? severity : (Severity)Math.Max((int)severity, (int)Severity.Warning), message, items);
    }
}
