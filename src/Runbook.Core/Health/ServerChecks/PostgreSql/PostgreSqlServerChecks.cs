namespace Runbook.Health.ServerChecks.PostgreSql;

/// <summary>PostgreSQL's server-level checks, in report order (PostgreSQL 13 or later).</summary>
public sealed class PostgreSqlServerChecks : IServerCheckSet
{
    /// <inheritdoc />
    public IReadOnlyList<IServerCheck> Checks { get; } =
    [
        new IdleInTransactionCheck(),
        new WraparoundCheck(),
        new ReplicationSlotsCheck(),
        new ReplicationLagCheck(),
        new SequencesCheck(),
        new CacheHitRatioCheck(),
        new DeadTuplesCheck(),
        new InvalidIndexesCheck(),
    ];
}
