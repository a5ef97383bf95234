using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>
/// Base tables of the target's database without a primary key (<c>information_schema</c>): InnoDB then clusters on a
/// hidden row id, row-based replication scans the whole table for every changed row, and Group Replication refuses them.
/// </summary>
public sealed class MissingPrimaryKeysCheck() : ServerCheck("missing-primary-keys", "primary keys (information_schema.TABLE_CONSTRAINTS)", "GRANT SELECT ON <database>.* TO <the check's user>")
{
    private const string Sql = """
        SELECT CONCAT(t.TABLE_SCHEMA, '.', t.TABLE_NAME), COALESCE(t.ENGINE, ''), COALESCE(t.TABLE_ROWS, 0)
        FROM information_schema.TABLES t
        WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
          AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k
                          WHERE k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_TYPE = 'PRIMARY KEY')
        ORDER BY 1
        LIMIT 50
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r => new ServerCheckItem(r.GetString(0), Severity.Warning, r.GetDoubleAny(2), "count", ServerCheckText.Format($"{r.GetString(1)} table, about {r.GetDoubleAny(2):N0} rows, no primary key")),
            cancellationToken);
        var message = items.Count == 0
            ? "Every table has a primary key."
            : ServerCheckText.Format($"{items.Count} table(s) without a primary key: {string.Join(", ", items.Take(10).Select(i => i.Subject))}. Add one (an AUTO_INCREMENT id if nothing else is unique).");
        return Judged(message, items);
    }
}
