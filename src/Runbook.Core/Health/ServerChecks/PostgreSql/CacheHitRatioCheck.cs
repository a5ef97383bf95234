using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>The target database's shared-buffer hit ratio since its statistics were last reset (<c>pg_stat_database</c>).</summary>
public sealed class CacheHitRatioCheck() : ServerCheck(CacheHitRatio.Name, "the cache hit ratio (pg_stat_database)", "none beyond CONNECT")
{
    private const string Sql = "SELECT blks_hit::float8, (blks_hit + blks_read)::float8 FROM pg_stat_database WHERE datname = current_database()";

    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var (hits, requests) = (await connection.ListAsync(Sql, options.CommandTimeout, r => (r.GetDouble(0), r.GetDouble(1)), cancellationToken)).Single();
        return CacheHitRatio.Judge("shared buffers", hits, requests, options);
    }
}
