using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>
/// Invalid indexes (<c>pg_index.indisvalid</c>), left by a failed or cancelled <c>CREATE INDEX CONCURRENTLY</c> or
/// <c>REINDEX CONCURRENTLY</c>: never used by queries, still written on every change, and a unique one still enforces.
/// Indexes being built right now are left out.
/// </summary>
public sealed class InvalidIndexesCheck() : ServerCheck("invalid-indexes", "index validity (pg_index)", "none beyond CONNECT")
{
    private const string Sql = """
        SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), quote_ident(n.nspname) || '.' || quote_ident(t.relname), x.indisunique
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = i.relnamespace
        WHERE NOT x.indisvalid
          AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid OR (p.relid = x.indrelid AND p.index_relid = 0))
        ORDER BY 1
        LIMIT 50
        """;

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var items = await connection.ListAsync(
            Sql,
            options.CommandTimeout,
            r => new ServerCheckItem(r.GetString(0), Severity.Warning, 1, "count", ServerCheckText.Format($"{(r.GetBoolean(2) ? "unique index" : "index")} on {r.GetString(1)}")),
            cancellationToken);
        var message = items.Count == 0
            ? "No invalid index."
            : ServerCheckText.Format($"{items.Count} invalid index(es): {string.Join(", ", items.Take(5).Select(i => $"{i.Subject} ({i.Detail})"))}. Drop each with DROP INDEX CONCURRENTLY and build it again.");
        return Judged(message, items);
    }
}
