using System.Data.Common;
using MySqlConnector;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>
/// Replication where the target is a replica (<c>SHOW REPLICA STATUS</c>, or <c>SHOW SLAVE STATUS</c> on servers before
/// MySQL 8.0.22 / MariaDB 10.5.1): both threads running, no error, and the lag (<c>Seconds_Behind_Source</c>). Every
/// channel is read on MySQL; on MariaDB, the default connection. A primary cannot see its replicas' lag.
/// </summary>
public sealed class ReplicaStatusCheck() : ServerCheck("replication", "replication status (SHOW REPLICA STATUS)", "GRANT REPLICATION CLIENT ON *.* TO <the check's user> (MariaDB 10.5.9 and later: GRANT REPLICA MONITOR ON *.*)")
{
    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        List<ServerCheckItem> items;
        try
        {
            items = await ReadAsync(connection, "SHOW REPLICA STATUS", options, cancellationToken);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.ParseError)
        {
            items = await ReadAsync(connection, "SHOW SLAVE STATUS", options, cancellationToken);
        }

        var message = items.Count == 0
            ? "Not a replica (no replication configured on this server)."
            : ServerCheckText.Format($"A replica of {items.Count} source(s): {string.Join("; ", items.Select(i => $"{i.Subject}: {i.Detail}"))} (warning at {options.ReplicationLagWarning}, critical at {options.ReplicationLagCritical}).");
        return Judged(message, items);
    }

    private static async Task<List<ServerCheckItem>> ReadAsync(DbConnection connection, string sql, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var (warning, critical) = (options.ReplicationLagWarning.TotalSeconds, options.ReplicationLagCritical.TotalSeconds);
        return await connection.ListAsync(
            sql,
            options.CommandTimeout,
            r =>
            {
                var io = Text(r, "Replica_IO_Running", "Slave_IO_Running");
                var sqlThread = Text(r, "Replica_SQL_Running", "Slave_SQL_Running");
                var lagText = Text(r, "Seconds_Behind_Source", "Seconds_Behind_Master");
                var error = DatabaseText.FirstLine(Text(r, "Last_SQL_Error") is { Length: > 0 } sqlError ? sqlError : Text(r, "Last_IO_Error"));
                var running = io == "Yes" && sqlThread == "Yes";
                var lag = double.TryParse(lagText, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : (double?)null;
                var severity = !running ? Severity.Critical : lag is { } l ? HealthEvaluator.Grade(l, warning, critical) : Severity.Warning;
                var channel = Text(r, "Channel_Name", "Connection_name");
                var source = Text(r, "Source_Host", "Master_Host") + (channel.Length > 0 ? $" (channel {channel})" : string.Empty);
                return new ServerCheckItem(
                    source,
                    severity,
                    lag ?? -1,
                    "s",
                    ServerCheckText.Format($"IO thread {io}, SQL thread {sqlThread}, {(lag is { } behind ? $"{ServerCheckText.Duration(behind)} behind" : "lag unknown")}{(error.Length > 0 ? $", last error: {error}" : string.Empty)}"));
            },
            cancellationToken);
    }

    private static string Text(DbDataReader reader, params string[] columns)
    {
        foreach (var column in columns)
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
                {
                    return reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }
        }

        return string.Empty;
    }
}
