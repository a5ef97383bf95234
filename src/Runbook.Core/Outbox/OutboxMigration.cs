namespace Runbook.Outbox;

/// <summary>One version of the outbox table: the statements that bring it from the version before.</summary>
/// <param name="Version">1, 2, ... in order.</param>
/// <param name="Description">What it does, as recorded in the migrations table.</param>
/// <param name="Statements">Each safe to run again after a crash part-way (IF NOT EXISTS), since MySQL commits DDL at once.</param>
public sealed record OutboxMigration(int Version, string Description, IReadOnlyList<string> Statements);
