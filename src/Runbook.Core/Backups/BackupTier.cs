namespace Runbook.Backups;

/// <summary>
/// Grandfather-father-son tier of a backup, decided when it is made and never changed: a Sunday's backup (UTC) is the
/// week's, the first Sunday's of a month is the month's. Each tier includes the ones below it.
/// </summary>
public enum BackupTier
{
    /// <summary>An ordinary day's backup.</summary>
    Daily,

    /// <summary>A Sunday's backup.</summary>
    Weekly,

    /// <summary>The first Sunday of a month's backup.</summary>
    Monthly,
}
