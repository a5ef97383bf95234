using System.Data.Common;

namespace Runbook.Backups;

/// <summary>What an <see cref="IDumpRestorer"/> restores with, besides the SQL.</summary>
public sealed class RestoreRun
{
    /// <summary>The open connection to the database restored into.</summary>
    public required DbConnection Connection { get; init; }

    /// <summary>
    /// Runs after the last statement (the SHA-256 check): where the restore is one transaction, before it commits, so
    /// that throwing rolls everything back.
    /// </summary>
    public required Func<Task> BeforeCommit { get; init; }

    /// <summary>Bound on each statement other than the loading of rows.</summary>
    public required TimeSpan CommandTimeout { get; init; }

    /// <summary>
    /// Opens one more connection to the same database. Set only when the database was created for this restore, so that a
    /// failure is undone by dropping it: a restorer that <see cref="IDumpRestorer.LoadsInParallel"/> then loads rows over up
    /// to <see cref="Loaders"/> such connections at once, each load its own transaction, instead of one transaction on
    /// <see cref="Connection"/>. The restorer disposes what it opens.
    /// </summary>
    public Func<CancellationToken, Task<DbConnection>>? OpenLoaderAsync { get; init; }

    /// <summary>How many connections load rows at once when <see cref="OpenLoaderAsync"/> is set.</summary>
    public int Loaders { get; init; } = 1;
}
