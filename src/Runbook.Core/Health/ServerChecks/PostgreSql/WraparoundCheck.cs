using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Transaction-ID and multixact wraparound, per database of the server (<c>pg_database</c>): the age of the oldest
/// unfrozen ID against <c>autovacuum_freeze_max_age</c> (where autovacuum starts forcing a freeze), and against the
/// hard stop at 2^31, where the server refuses writes until it is vacuumed.
/// </summary>
public sealed class WraparoundCheck() : ServerCheck("wraparound", "transaction-ID ages (pg_database)", "none beyond CONNECT")
{
    private const double HardStop = 2_147_483_648;

    private const string Sql = """
        SELECT d.datname, age(d.datfrozenxid)::float8, mxid_age(d.datminmxid)::float8,
               current_setting('autovacuum_freeze_max_age')::float8, current_setting('autovacuum_multixact_freeze_max_age')::float8
        FROM pg_database d
        ORDER BY 2 DESC, 1
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var (xid, mxid, xidMax, mxidMax) = (r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4));
                var percent = Math.Max(100 * xid / xidMax, 100 * mxid / mxidMax);
                return new ServerCheckItem(
                    r.GetString(0),
                    HealthEvaluator.Grade(percent, options.WraparoundWarningPercent, options.WraparoundCriticalPercent),
                    Math.Round(percent, 2),
                    "%",
                    ServerCheckText.Format($"xid age {xid:N0} ({100 * xid / xidMax:0.##}% of autovacuum_freeze_max_age {xidMax:N0}, {100 * xid / HardStop:0.##}% of the way to the wraparound stop); multixact age {mxid:N0} ({100 * mxid / mxidMax:0.##}% of autovacuum_multixact_freeze_max_age)"));
            },
            cancellationToken);
        items = [.. items.OrderByDescending(i => i.Value)];
        var oldest = items.FirstOrDefault();
        var message = oldest is null
            ? "No database found in pg_database."
            : ServerCheckText.Format($"Oldest transaction-ID age: {oldest.Subject} at {oldest.Value:0.##}% of its freeze limit (warning at {options.WraparoundWarningPercent}%, critical at {options.WraparoundCriticalPercent}%): {oldest.Detail}.");
        return Judged(message, items);
    }
}
