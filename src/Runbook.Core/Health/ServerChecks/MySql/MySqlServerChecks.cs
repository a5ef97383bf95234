namespace Runbook.Health.ServerChecks.MySql;

/// <summary>MySQL 8 and MariaDB 10.6+'s server-level checks, in report order.</summary>
public sealed class MySqlServerChecks : IServerCheckSet
{
    /// <inheritdoc />
    public IReadOnlyList<IServerCheck> Checks { get; } =
    [
        new LongTransactionsCheck(),
        new ReplicaStatusCheck(),
        new AutoIncrementCheck(),
        new AbortedConnectionsCheck(),
        new BufferPoolHitRatioCheck(),
        new MissingPrimaryKeysCheck(),
    ];
}
