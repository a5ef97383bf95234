namespace Runbook.Outbox;

/// <summary>What <c>runbook db migrate</c> did to one target's outbox.</summary>
/// <param name="Target">The target.</param>
/// <param name="Table">The outbox table.</param>
/// <param name="FromVersion">The version found (0: no table yet).</param>
/// <param name="ToVersion">The version now.</param>
/// <param name="Applied">The migrations applied by this run, empty when it was already up to date.</param>
public sealed record OutboxMigrationResult(string Target, string Table, int FromVersion, int ToVersion, IReadOnlyList<string> Applied);
