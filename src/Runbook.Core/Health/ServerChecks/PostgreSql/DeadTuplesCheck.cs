using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Dead rows in the largest tables (by rows, from <c>pg_stat_user_tables</c>) with their last vacuum and analyze, manual
/// or automatic: a high share means vacuum is not keeping up (blocked by an old transaction, or tuned too lazily).
/// </summary>
public sealed class DeadTuplesCheck() : ServerCheck("dead-tuples", "dead rows and vacuum times (pg_stat_user_tables)", "none beyond CONNECT")
{
    private const string Sql = """
        SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname), s.n_live_tup::float8, s.n_dead_tup::float8,
               GREATEST(s.last_vacuum, s.last_autovacuum), GREATEST(s.last_analyze, s.last_autoanalyze),
               s.last_autovacuum IS NOT NULL AND s.last_autovacuum >= COALESCE(s.last_vacuum, '-infinity')
        FROM pg_stat_user_tables s
        ORDER BY s.n_live_tup + s.n_dead_tup DESC, 1
        LIMIT @tables
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var (live, dead) = (r.GetDouble(1), r.GetDouble(2));
                var percent = live + dead > 0 ? 100 * dead / (live + dead) : 0;
                var severity = dead >= options.DeadTupleMinimum ? HealthEvaluator.Grade(percent, options.DeadTupleWarningPercent, options.DeadTupleCriticalPercent) : Severity.Normal;
                DateTime? vacuum = r.IsDBNull(3) ? null : r.GetDateTime(3);
                DateTime? analyze = r.IsDBNull(4) ? null : r.GetDateTime(4);
                var by = vacuum is null ? string.Empty : r.GetBoolean(5) ? " (autovacuum)" : " (manual)";
                return new ServerCheckItem(
                    r.GetString(0),
                    severity,
                    Math.Round(percent, 2),
                    "%",
                    ServerCheckText.Format($"{dead:N0} dead of {live + dead:N0} rows; last vacuum {ServerCheckText.Time(vacuum)}{by}, last analyze {ServerCheckText.Time(analyze)}"));
            },
            cancellationToken,
            ("tables", options.DeadTupleTables));

        items = [.. items.OrderByDescending(i => i.Severity).ThenByDescending(i => i.Value)];
        var bad = items.Count(i => i.Severity > Severity.Normal);
        var message = items.Count == 0
            ? "No user table to check."
            : ServerCheckText.Format($"{bad} of the {items.Count} largest table(s) at or above {options.DeadTupleWarningPercent}% dead rows (critical at {options.DeadTupleCriticalPercent}%, tables with fewer than {options.DeadTupleMinimum:N0} dead rows not judged); the most, {items[0].Subject}: {items[0].Detail}.");
        return Judged(message, items);
    }
}
