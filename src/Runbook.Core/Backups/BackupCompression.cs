namespace Runbook.Backups;

/// <summary>How a backup's SQL is compressed on its way to storage.</summary>
public enum BackupCompression
{
    /// <summary>gzip at its fastest level (like <c>gzip -1</c>): <c>.sql.gz</c>, readable everywhere.</summary>
    Gzip,

    /// <summary>Zstandard at level 3: <c>.sql.zst</c>, smaller and faster than gzip, needs <c>zstd</c> to read by hand.</summary>
    Zstd,

    /// <summary>Plain SQL: <c>.sql</c>.</summary>
    None,
}
