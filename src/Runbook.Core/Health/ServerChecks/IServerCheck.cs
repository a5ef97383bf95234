using System.Data.Common;

namespace Runbook.Health.ServerChecks;

/// <summary>
/// One server-level check of the kind DBAs run with <c>check_postgres</c> or <c>mysqltuner</c>: read from catalog and
/// statistics views only (never a table scan) and judged against <see cref="HealthCheckOptions"/>.
/// </summary>
public interface IServerCheck
{
    /// <summary>The stable finding id, such as <c>wraparound</c> or <c>auto-increment</c>.</summary>
    string Name { get; }

    /// <summary>What is read, for a sentence such as "Could not read {Description}".</summary>
    string Description { get; }

    /// <summary>The least privilege the check needs, as the statement that grants it (shown when the server refuses).</summary>
    string RequiredGrant { get; }

    /// <summary>Reads and judges. A refused read throws the driver's exception; the health check turns it into a finding.</summary>
    Task<ServerCheckResult> RunAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken = default);
}
