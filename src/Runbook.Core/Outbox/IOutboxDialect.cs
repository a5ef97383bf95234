using System.Data.Common;

namespace Runbook.Outbox;

/// <summary>What differs between engines for the outbox: its DDL, the migration lock, and which claim failures to retry.</summary>
public interface IOutboxDialect
{
    /// <summary>True when DDL is transactional, so a migration and its record commit together (PostgreSQL).</summary>
    bool TransactionalDdl { get; }

    /// <summary>Creates the migrations table when it is missing.</summary>
    string CreateMigrationsTableSql(OutboxTable table);

    /// <summary>Every version of the outbox table, in order.</summary>
    IReadOnlyList<OutboxMigration> Migrations(OutboxTable table);

    /// <summary>
    /// Takes the migration lock of <paramref name="table"/> for this session, waiting at most <paramref name="timeout"/>,
    /// so that two <c>runbook db migrate</c> at once run one after the other; disposing releases it.
    /// </summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, OutboxTable table, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>True when a claim failed on a deadlock or a lock wait: it is tried again, not counted against any message.</summary>
    bool IsClaimConflict(DbException exception);
}
