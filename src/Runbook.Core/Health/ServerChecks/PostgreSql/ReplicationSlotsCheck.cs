using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Replication slots (<c>pg_replication_slots</c>): physical ones and the target database's logical ones. A slot nobody
/// consumes keeps every WAL segment since its restart point, until the disk is full.
/// </summary>
public sealed class ReplicationSlotsCheck() : ServerCheck("replication-slots", "replication slots (pg_replication_slots)", "none beyond CONNECT")
{
    private const double MiB = 1024 * 1024;

    private const string Sql = """
        SELECT s.slot_name::text, s.slot_type, COALESCE(s.plugin::text, ''), s.active, COALESCE(s.wal_status, ''),
               COALESCE(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END, s.restart_lsn), 0)::float8
        FROM pg_replication_slots s
        WHERE s.database IS NULL OR s.database = current_database()
        ORDER BY 6 DESC, 1
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var slots = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var (active, walStatus, retained) = (r.GetBoolean(3), r.GetString(4), r.GetDouble(5));
                var severity = HealthEvaluator.Grade(retained / MiB, options.ReplicationSlotRetainedWarningMegabytes, options.ReplicationSlotRetainedCriticalMegabytes);
                if (!active)
                {
                    severity = (Severity)Math.Max((int)severity, (int)Severity.Warning);
                }

                // "unreserved": the next checkpoint may remove WAL the slot needs; "lost": it already has.
                if (walStatus is "unreserved" or "lost")
                {
                    severity = Severity.Critical;
                }

                var plugin = r.GetString(2).Length > 0 ? $", plugin {r.GetString(2)}" : string.Empty;
                return (Active: active, Item: new ServerCheckItem(
                    r.GetString(0),
                    severity,
                    retained,
                    "bytes",
                    ServerCheckText.Format($"{r.GetString(1)} slot{plugin}, {(active ? "active" : "inactive")}, keeps {HealthReportHtml.Bytes((long)retained)} of WAL{(walStatus.Length > 0 ? $", wal_status {walStatus}" : string.Empty)}")));
            },
            cancellationToken);

        var items = slots.ConvertAll(s => s.Item);
        var inactive = slots.Count(s => !s.Active);
        var message = items.Count == 0
            ? "No replication slot on this server for this database."
            : ServerCheckText.Format($"{items.Count} replication slot(s), {inactive} inactive; the largest, {items[0].Subject}, keeps {HealthReportHtml.Bytes((long)items[0].Value)} of WAL (warning at {options.ReplicationSlotRetainedWarningMegabytes} MiB, critical at {options.ReplicationSlotRetainedCriticalMegabytes} MiB). Drop a slot nobody consumes with pg_drop_replication_slot.");
        return Judged(message, items);
    }
}
