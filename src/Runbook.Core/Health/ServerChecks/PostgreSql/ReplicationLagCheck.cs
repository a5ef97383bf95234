using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Replication lag, from whichever side the target is on: as a replica, how far its replay is behind (zero when it has
/// replayed all it received, so an idle primary does not look like lag); as a primary, each connected replica's replay
/// lag and bytes behind (<c>pg_stat_replication</c>).
/// </summary>
public sealed class ReplicationLagCheck() : ServerCheck("replication", "replication state (pg_stat_replication, pg_stat_wal_receiver)", PostgreSqlPrivileges.MonitorGrant)
{
    // Bytes received but not replayed, and the time since the last replayed commit (NULL until one is replayed after
    // the replica starts).
    private const string ReplicaSql = """
        SELECT COALESCE(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::float8,
               EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp()))::float8,
               EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
        """;

    private const string PrimarySql = """
        SELECT COALESCE(application_name, ''), COALESCE(host(client_addr), 'local socket'), COALESCE(state, ''),
               COALESCE(EXTRACT(EPOCH FROM replay_lag), 0)::float8,
               COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::float8
        FROM pg_stat_replication
        ORDER BY 4 DESC
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var (warning, critical) = (options.ReplicationLagWarning.TotalSeconds, options.ReplicationLagCritical.TotalSeconds);
        var sees = await PostgreSqlPrivileges.SeesAllSessionsAsync(connection, options.CommandTimeout, cancellationToken);
        var blind = sees ? string.Empty : PostgreSqlPrivileges.OwnSessionsOnly("replication connections' details");
        if (await connection.ScalarAsync<bool>("SELECT pg_is_in_recovery()", options.CommandTimeout, cancellationToken))
        {
            var (pending, sinceReplay, streaming) = (await connection.ListAsync(
                ReplicaSql,
                options.CommandTimeout,
                r => (r.GetDouble(0), r.IsDBNull(1) ? (double?)null : r.GetDouble(1), r.GetBoolean(2)),
                cancellationToken))[0];

            // Everything received is replayed: no lag, however long ago the primary last wrote.
            double? lag = pending <= 0 ? 0 : sinceReplay;
            var severity = !streaming ? Severity.Critical : lag is { } l ? HealthEvaluator.Grade(l, warning, critical) : Severity.Warning;
            var behind = lag is { } seconds ? $"replay is {ServerCheckText.Duration(seconds)} behind" : "replay is behind, by how long is unknown (no transaction replayed since the replica started)";
            var detail = ServerCheckText.Format($"{(streaming ? "streaming from its primary" : "not streaming from its primary (no WAL receiver)")}; {HealthReportHtml.Bytes((long)Math.Max(0, pending))} received and not yet replayed");
            var item = new ServerCheckItem("this replica", severity, Math.Round(lag ?? -1), "s", detail);
            var message = ServerCheckText.Format($"This server is a replica, {(streaming ? "streaming" : "NOT streaming")}; {behind} (warning at {options.ReplicationLagWarning}, critical at {options.ReplicationLagCritical}).{blind}");
            return new ServerCheckResult(Name, sees ? severity : (Severity)Math.Max((int)severity, (int)Severity.Warning), message, [item]);
        }

        var items = await connection.ListAsync(
            PrimarySql,
            options.CommandTimeout,
            r =>
            {
                var (state, lag, bytes) = (r.GetString(2), r.GetDouble(3), r.GetDouble(4));
                var severity = state is "" or "streaming" or "catchup" ? HealthEvaluator.Grade(lag, warning, critical) : Severity.Warning;
                return new ServerCheckItem(
                    ServerCheckText.Format($"{DatabaseText.Clean(r.GetString(0))} ({r.GetString(1)})"),
                    severity,
                    Math.Round(lag),
                    "s",
                    ServerCheckText.Format($"state {(state.Length > 0 ? state : "not visible")}, replay {ServerCheckText.Duration(lag)} and {HealthReportHtml.Bytes((long)bytes)} behind"));
            },
            cancellationToken);
        var worst = ServerCheckText.Worst(items);
        var summary = items.Count == 0
            ? ServerCheckText.Format($"Not a replica, and no replica is connected.{blind}")
            : ServerCheckText.Format($"{items.Count} replica(s) connected; the furthest behind, {items[0].Subject}: {items[0].Detail} (warning at {options.ReplicationLagWarning}, critical at {options.ReplicationLagCritical}).{blind}");
        return new ServerCheckResult(Name, sees || items.Count == 0 ? worst : (Severity)Math.Max((int)worst, (int)Severity.Warning), summary, items);
    }
}
