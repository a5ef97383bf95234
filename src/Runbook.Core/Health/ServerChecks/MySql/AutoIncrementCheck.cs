using System.Data.Common;
using MySqlConnector;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>
/// AUTO_INCREMENT columns near the limit of their type (<c>information_schema.TABLES.AUTO_INCREMENT</c>, the next value,
/// against the column's signed or unsigned maximum): when it is reached every INSERT fails with a duplicate key.
/// </summary>
public sealed class AutoIncrementCheck() : ServerCheck("auto-increment", "auto-increment columns (information_schema.TABLES)", "GRANT SELECT ON <database>.* TO <the check's user>")
{
    private const int Listed = 10;

    private const string Sql = """
        SELECT CONCAT(t.TABLE_SCHEMA, '.', t.TABLE_NAME, '.', c.COLUMN_NAME), LOWER(c.DATA_TYPE), LOWER(c.COLUMN_TYPE), t.AUTO_INCREMENT
        FROM information_schema.TABLES t
        JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%'
        WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND t.AUTO_INCREMENT IS NOT NULL
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        await ReadFreshStatisticsAsync(connection, options.CommandTimeout, cancellationToken);
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r =>
            {
                var max = TypeMaximum(r.GetString(1), r.GetString(2).Contains("unsigned", StringComparison.Ordinal));
                var used = Math.Max(0, r.GetDoubleAny(3) - 1);
                var percent = max > 0 ? 100 * used / max : 0;
                return new ServerCheckItem(
                    r.GetString(0),
                    HealthEvaluator.Grade(percent, options.SequenceWarningPercent, options.SequenceCriticalPercent),
                    Math.Round(percent, 2),
                    "%",
                    ServerCheckText.Format($"{r.GetString(2)}, next value {r.GetDoubleAny(3):N0} of at most {max:N0}"));
            },
            cancellationToken);
        items = [.. items.OrderByDescending(i => i.Value).ThenBy(i => i.Subject, StringComparer.Ordinal)];
        var atRisk = items.Count(i => i.Severity > Severity.Normal);
        items = [.. items.Take(Math.Max(Listed, atRisk))];
        var fullest = items.FirstOrDefault();
        var message = fullest is null
            ? "No AUTO_INCREMENT column in this database."
            : ServerCheckText.Format($"{atRisk} AUTO_INCREMENT column(s) at or above {options.SequenceWarningPercent}% of their type's range (critical at {options.SequenceCriticalPercent}%); the fullest, {fullest.Subject}, at {fullest.Value:0.##}% ({fullest.Detail}). Widen the column (BIGINT UNSIGNED) before it runs out.");
        return Judged(message, items);
    }

    /// <summary>The largest value a column of <paramref name="dataType"/> holds.</summary>
    public static double TypeMaximum(string dataType, bool unsigned) => dataType switch
    {
        "tinyint" => unsigned ? byte.MaxValue : sbyte.MaxValue,
        "smallint" => unsigned ? ushort.MaxValue : short.MaxValue,
        "mediumint" => unsigned ? 16_777_215 : 8_388_607,
        "int" or "integer" => unsigned ? uint.MaxValue : int.MaxValue,
        "bigint" => unsigned ? ulong.MaxValue : long.MaxValue,
        _ => 0, // float, double, decimal: no practical limit worth a finding
    };

    // MySQL 8 caches information_schema.TABLES figures (AUTO_INCREMENT included) for a day by default; MariaDB reads
    // them live and has no such variable.
    private static async Task ReadFreshStatisticsAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = connection.CreateCommand("SET SESSION information_schema_stats_expiry = 0", timeout);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.UnknownSystemVariable)
        {
        }
    }
}
