using System.Data.Common;
using Runbook.Targets;

namespace Runbook.Health;

/// <summary>Reads one engine's catalog and statistics views. One implementation per provider.</summary>
public interface IServerHealthProbe
{
    /// <summary>The engine this probe reads.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>Reads sizes, connections, long-running queries, lock waits and slow statements.</summary>
    Task<ServerStatistics> ReadAsync(DbConnection connection, HealthCheckOptions options, CancellationToken cancellationToken = default);
}
