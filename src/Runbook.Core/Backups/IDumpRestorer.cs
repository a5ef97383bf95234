using System.Data.Common;

namespace Runbook.Backups;

/// <summary>
/// Runs a dump's SQL against a database, the way the engine's own client would; one implementation per provider,
/// registered keyed by <see cref="Targets.DatabaseProvider"/>.
/// </summary>
public interface IDumpRestorer
{
    /// <summary>
    /// True when a failed restore on one connection is undone whole (PostgreSQL: one transaction); false when what ran
    /// before the failure stays (MySQL cannot roll back DDL), so a database created for the restore is dropped again.
    /// </summary>
    bool RollsBack { get; }

    /// <summary>
    /// True when, given <see cref="RestoreRun.OpenLoaderAsync"/>, the restorer loads rows over several connections at once
    /// (PostgreSQL); a database created for such a restore is dropped again when it fails, as it is not one transaction.
    /// </summary>
    bool LoadsInParallel { get; }

    /// <summary>Creates <paramref name="database"/> on the server of <paramref name="connection"/>; false when it already exists.</summary>
    Task<bool> CreateDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Drops <paramref name="database"/> (a scratch or half-restored one), connected elsewhere on the same server.</summary>
    Task DropDatabaseAsync(DbConnection connection, string database, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The tables, views and routines already in the connection's database (none: it is empty).</summary>
    Task<long> CountObjectsAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> (UTF-8) on the database of <paramref name="run"/>'s connection and
    /// returns how many ran. <see cref="RestoreRun.BeforeCommit"/> runs after the last statement; where the engine can
    /// (PostgreSQL on one connection), everything is one transaction that it may still roll back by throwing.
    /// </summary>
    Task<long> RestoreAsync(RestoreRun run, Stream sql, CancellationToken cancellationToken = default);
}
