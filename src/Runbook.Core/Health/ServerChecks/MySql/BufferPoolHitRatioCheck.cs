using System.Data.Common;

namespace Runbook.Health.ServerChecks.MySql;

/// <summary>The InnoDB buffer pool hit ratio since the server started: logical read requests not sent to disk.</summary>
public sealed class BufferPoolHitRatioCheck() : ServerCheck(CacheHitRatio.Name, "the InnoDB buffer pool hit ratio (SHOW GLOBAL STATUS)", "none")
{
    /// <inheritdoc />
    protected override async Task<ServerCheckResult> CheckAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken)
    {
        var status = await GlobalStatus.ReadAsync(connection, options.CommandTimeout, cancellationToken, "Innodb_buffer_pool_read_requests", "Innodb_buffer_pool_reads");
        var requests = status["Innodb_buffer_pool_read_requests"];
        return CacheHitRatio.Judge("InnoDB buffer pool", Math.Max(0, requests - status["Innodb_buffer_pool_reads"]), requests, options);
    }
}
