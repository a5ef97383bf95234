namespace Runbook.Backups;

/// <summary>What prune does with one backup, and why.</summary>
/// <param name="Backup">The backup.</param>
/// <param name="Keep">True when the policy keeps it.</param>
/// <param name="Reason">The rule that keeps it, or why it goes.</param>
public sealed record PruneDecision(BackupEntry Backup, bool Keep, string Reason);
