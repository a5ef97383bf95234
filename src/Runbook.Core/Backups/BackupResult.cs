namespace Runbook.Backups;

/// <summary>One backup made: where it went and what it holds.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Location">The dump blob's name, or the local file's path (<c>-</c> for standard output).</param>
/// <param name="Manifest">What the manifest records (also for a local file, where it is written beside it).</param>
/// <param name="Verification">The verification run after the backup, or null when none ran.</param>
/// <param name="RestoreDrill">The restore drill run after the verification, or null when none ran.</param>
public sealed record BackupResult(string Target, string Location, BackupManifest Manifest, BackupCheck? Verification, BackupCheck? RestoreDrill = null);
