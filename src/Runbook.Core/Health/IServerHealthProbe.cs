using System.Data.Common;

namespace Runbook.Health;

/// <summary>
/// Reads one engine's catalog and statistics views; one implementation per provider, registered keyed by it and found
/// through the target's session.
/// </summary>
public interface IServerHealthProbe
{
    /// <summary>The round trip of a trivial statement: the best of three, as the first also pays for driver warm-up.</summary>
    Task<TimeSpan> MeasureLatencyAsync(DbConnection connection, HealthCheckOptions options, TimeProvider time, CancellationToken cancellationToken = default);

    /// <summary>Reads sizes, connections, long-running queries, lock waits and slow statements, without waiting on table locks.</summary>
    Task<ServerStatistics> ReadAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken = default);
}
