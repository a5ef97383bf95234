namespace Runbook.Backups;

/// <summary>Per-call settings of one dump.</summary>
public sealed record DumpOptions
{
    /// <summary>
    /// How long to wait for the lock on each table before giving up (another session holds an exclusive one): PostgreSQL's
    /// ACCESS SHARE lock, MySQL's shared metadata lock (<c>lock_wait_timeout</c>, whole seconds).
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Bound on each catalog query and on each wait for the next piece of table data.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Told after each table's data, and every few megabytes within a large table; called on the dump's own thread.</summary>
    public IProgress<DumpProgress>? Progress { get; init; }
}
