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

    /// <summary>
    /// What follows the table in a claim or purge query so that the engine walks <paramref name="index"/> (<c>claim</c>,
    /// <c>processed</c>) in order and locks only the rows it returns: MySQL sorting a whole range would lock it all, and
    /// another processor would find every row skipped.
    /// </summary>
    string IndexHint(OutboxTable table, string index);

    /// <summary>What follows an INSERT so that the command returns the new row's id.</summary>
    string ReturningId { get; }

    /// <summary>True when a claim failed on a deadlock or a lock wait: it is tried again, not counted against any message.</summary>
    bool IsClaimConflict(DbException exception);
}
