using Runbook.Configuration;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>Backups (<c>Runbook:Backups</c>): where they go, how they are compressed, how many are kept.</summary>
public sealed class BackupOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Backups";

    /// <summary>Blocks a block blob may have: the largest dump is <see cref="BlockSizeMegabytes"/> times this.</summary>
    public const int MaxBlocks = 50_000;

    /// <summary>The container in the data storage account (<c>Runbook:Storage</c>) that holds the backups.</summary>
    public string Container { get; set; } = "backups";

    /// <summary>Gzip (default), Zstd or None.</summary>
    public BackupCompression Compression { get; set; } = BackupCompression.Gzip;

    /// <summary>
    /// gzip's level, 1 (fastest, the default) to 9. Level 1 writes about a third more than <c>gzip -1</c>; level 2 writes
    /// less than <c>gzip -1</c> for about 60% more compression time (docs/benchmarks.md).
    /// </summary>
    public int GzipLevel { get; set; } = 1;

    /// <summary>
    /// The size of each uploaded block, in MiB (1 to 100). Two blocks are held in memory at once; the largest backup is
    /// 50,000 blocks (8 MiB: about 390 GiB compressed).
    /// </summary>
    public int BlockSizeMegabytes { get; set; } = 8;

    /// <summary>Days a daily backup is kept (grandfather-father-son: the sons).</summary>
    public int DailyRetentionDays { get; set; } = 7;

    /// <summary>Weeks a Sunday's backup is kept.</summary>
    public int WeeklyRetentionWeeks { get; set; } = 4;

    /// <summary>Calendar months a first Sunday's backup is kept (this month and the ones before it).</summary>
    public int MonthlyRetentionMonths { get; set; } = 12;

    /// <summary>Re-read every new backup (checksum, decompression to the end, manifest) before the run reports success.</summary>
    public bool VerifyAfterBackup { get; set; } = true;

    /// <summary>
    /// Drill every new backup (<see cref="BackupDrill"/>): restore it into a scratch database on the target's server, compare
    /// each table's rows and content checksum with the manifest, drop the scratch database. Off by default: it costs a
    /// restore and a read of the whole database, and the target's login must be allowed to create databases.
    /// </summary>
    public bool RestoreDrill { get; set; }

    /// <summary>
    /// Connections a PostgreSQL restore loads rows over at once (1 to 16; default 2) when it restores into a database it
    /// creates, which it drops again if anything fails. 1 restores in one transaction, as a restore into an existing
    /// database always does.
    /// </summary>
    public int RestoreConnections { get; set; } = 2;

    /// <summary>How long the dump waits for its share lock on each table before giving up.</summary>
    [Duration("00:00:01", "01:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bound on each catalog query and on each wait for the next piece of table data.</summary>
    [Duration("00:00:01", "02:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for a connection to the target.</summary>
    [Duration("00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The session a backup or restore opens on its target with these timeouts.</summary>
    public TargetSessionOptions Session => new(ConnectTimeout, LockTimeout, $"{SectionName}:ConnectTimeout");

    /// <summary>The block size in bytes.</summary>
    public int BlockSizeBytes => BlockSizeMegabytes * 1024 * 1024;
}
