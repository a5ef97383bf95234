using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>
/// InnoDB transactions of the target's database open longer than the threshold (<c>information_schema.INNODB_TRX</c>),
/// idle or not: they keep their row locks and hold back purge, so the undo log grows. The statement shown is the one
/// running now, or the session's last one (literals redacted).
/// </summary>
public sealed class LongTransactionsCheck() : ServerCheck("long-transactions", "open transactions (information_schema.INNODB_TRX)", "GRANT PROCESS ON *.* TO <the check's user>")
{
    private const string Sql = """
        SELECT CAST(t.trx_mysql_thread_id AS CHAR), COALESCE(p.USER, ''), TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), t.trx_state,
               COALESCE(t.trx_rows_locked, 0), COALESCE(t.trx_rows_modified, 0), COALESCE(p.COMMAND, ''), LEFT(COALESCE(t.trx_query, p.INFO, ''), 500)
        FROM information_schema.INNODB_TRX t
        JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
        WHERE t.trx_mysql_thread_id <> CONNECTION_ID() AND p.DB = DATABASE()
          AND t.trx_started <= NOW() - INTERVAL @seconds SECOND
        ORDER BY t.trx_started
        LIMIT 20
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var (warning, critical) = (options.LongTransactionWarning.TotalSeconds, options.LongTransactionCritical.TotalSeconds);
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var age = r.GetDoubleAny(2);
                var statement = r.GetString(7);
                return new ServerCheckItem(
                    "thread " + r.GetString(0),
                    HealthEvaluator.Grade(age, warning, critical),
                    age,
                    "s",
                    ServerCheckText.Format($"user {r.GetString(1)}, {r.GetString(3)} for {ServerCheckText.Duration(age)}, session {r.GetString(6)}, {r.GetInt64Any(4):N0} row(s) locked, {r.GetInt64Any(5):N0} modified; statement: {(statement.Length == 0 ? "(none running)" : QueryText.Redact(statement, Targets.DatabaseProvider.MySql))}"));
            },
            cancellationToken,
            ("seconds", (long)warning));
        var message = items.Count == 0
            ? ServerCheckText.Format($"No transaction open for {options.LongTransactionWarning} or longer.")
            : ServerCheckText.Format($"{items.Count} transaction(s) open for {options.LongTransactionWarning} or longer (critical at {options.LongTransactionCritical}); the oldest, {items[0].Subject}, for {ServerCheckText.Duration(items[0].Value)}. KILL the thread if its owner cannot end it.");
        return Judged(message, items);
    }
}
