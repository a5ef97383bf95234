using Runbook.Configuration;

namespace Runbook.Health;

/// <summary>Thresholds of the daily health check (<c>Runbook:HealthCheck</c>). Durations are TimeSpans (<c>00:10:00</c>).</summary>
public sealed class HealthCheckOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:HealthCheck";

    /// <summary>How long to wait for a connection before calling the target unreachable.</summary>
    [Duration("00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long any one statistics query may run.</summary>
    [Duration("00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest any read waits for a table lock: a table held locked by another session is reported as such after
    /// this, instead of holding up the whole check.
    /// </summary>
    [Duration("00:00:00.100", "00:01:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Round-trip latency at or above which the target is a Warning.</summary>
    [Duration("00:00:00.001", "00:01:00")]
    public TimeSpan LatencyWarning { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Round-trip latency at or above which the target is Critical.</summary>
    [Duration("00:00:00.001", "00:01:00")]
    public TimeSpan LatencyCritical { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Connections in use, as a percentage of the maximum, at or above which it is a Warning.</summary>
    public int ConnectionsWarningPercent { get; set; } = 75;

    /// <summary>Connections in use, as a percentage of the maximum, at or above which it is Critical.</summary>
    public int ConnectionsCriticalPercent { get; set; } = 90;

    /// <summary>A statement running longer than this is reported, and makes a Warning.</summary>
    [Duration("00:00:01", "7.00:00:00")]
    public TimeSpan LongRunningQueryThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sessions waiting on locks at or above which it is a Warning.</summary>
    public int LockWaitsWarning { get; set; } = 1;

    /// <summary>Sessions waiting on locks at or above which it is Critical.</summary>
    public int LockWaitsCritical { get; set; } = 10;

    /// <summary>How far back the error-log counts look.</summary>
    [Duration("00:01:00", "90.00:00:00")]
    public TimeSpan ErrorLogWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Errors in the window at or above which it is a Warning.</summary>
    public int ErrorsWarning { get; set; } = 1;

    /// <summary>Errors in the window at or above which it is Critical.</summary>
    public int ErrorsCritical { get; set; } = 100;

    /// <summary>How many of the most frequent messages to report.</summary>
    public int TopMessages { get; set; } = 5;

    /// <summary>An item waiting longer than this is stuck (seed 004: queued &gt; 10 minutes).</summary>
    [Duration("00:00:10", "30.00:00:00")]
    public TimeSpan QueueStuckThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stuck items at or above which it is a Warning.</summary>
    public int StuckItemsWarning { get; set; } = 1;

    /// <summary>Stuck items at or above which it is Critical.</summary>
    public int StuckItemsCritical { get; set; } = 50;

    /// <summary>Failed items at or above which it is a Warning.</summary>
    public int FailedItemsWarning { get; set; } = 1;

    /// <summary>How many slow statements to report.</summary>
    public int SlowStatements { get; set; } = 5;

    /// <summary>A PostgreSQL session idle in a transaction longer than this is a Warning (it holds its locks and holds back vacuum).</summary>
    [Duration("00:00:01", "7.00:00:00")]
    public TimeSpan IdleInTransactionWarning { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A PostgreSQL session idle in a transaction longer than this is Critical.</summary>
    [Duration("00:00:01", "30.00:00:00")]
    public TimeSpan IdleInTransactionCritical { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A MySQL / MariaDB InnoDB transaction open longer than this is a Warning (<c>information_schema.INNODB_TRX</c>).</summary>
    [Duration("00:00:01", "7.00:00:00")]
    public TimeSpan LongTransactionWarning { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A MySQL / MariaDB InnoDB transaction open longer than this is Critical.</summary>
    [Duration("00:00:01", "30.00:00:00")]
    public TimeSpan LongTransactionCritical { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A database's transaction-ID age (<c>age(datfrozenxid)</c>, and the multixact age), as a percentage of
    /// <c>autovacuum_freeze_max_age</c>, at or above which it is a Warning: past 100% autovacuum is forcing a freeze and has
    /// not caught up.
    /// </summary>
    public double WraparoundWarningPercent { get; set; } = 100;

    /// <summary>The same age at or above which it is Critical (400% of the default 200 million is 40% of the way to the hard stop).</summary>
    public double WraparoundCriticalPercent { get; set; } = 400;

    /// <summary>WAL a PostgreSQL replication slot keeps, in MiB, at or above which it is a Warning. An inactive slot is a Warning whatever it keeps.</summary>
    public long ReplicationSlotRetainedWarningMegabytes { get; set; } = 1024;

    /// <summary>WAL a replication slot keeps, in MiB, at or above which it is Critical (it fills the disk).</summary>
    public long ReplicationSlotRetainedCriticalMegabytes { get; set; } = 10240;

    /// <summary>Replication lag (a replica behind its primary, or a replica of the target's) at or above which it is a Warning.</summary>
    [Duration("00:00:01", "7.00:00:00")]
    public TimeSpan ReplicationLagWarning { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Replication lag at or above which it is Critical; a replica whose replication has stopped is Critical too.</summary>
    [Duration("00:00:01", "30.00:00:00")]
    public TimeSpan ReplicationLagCritical { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How much of its range a sequence (identity and serial ones included, against the owning column's type too) or an
    /// auto-increment column has used, in percent, at or above which it is a Warning.
    /// </summary>
    public double SequenceWarningPercent { get; set; } = 75;

    /// <summary>The share of its range used at or above which it is Critical.</summary>
    public double SequenceCriticalPercent { get; set; } = 90;

    /// <summary>The cache hit ratio (PostgreSQL shared buffers, InnoDB buffer pool), in percent, below which it is a Warning.</summary>
    public double CacheHitRatioWarningPercent { get; set; } = 90;

    /// <summary>The cache hit ratio below which it is Critical.</summary>
    public double CacheHitRatioCriticalPercent { get; set; } = 80;

    /// <summary>Block or page reads since the statistics were reset below which the cache hit ratio is reported but not judged (a server just started).</summary>
    public long CacheHitMinimumReads { get; set; } = 100_000;

    /// <summary>Dead rows as a percentage of a table's rows at or above which it is a Warning (PostgreSQL; vacuum is not keeping up).</summary>
    public double DeadTupleWarningPercent { get; set; } = 20;

    /// <summary>Dead rows as a percentage at or above which it is Critical.</summary>
    public double DeadTupleCriticalPercent { get; set; } = 50;

    /// <summary>A table with fewer dead rows than this is not judged, whatever its percentage (small tables).</summary>
    public long DeadTupleMinimum { get; set; } = 10_000;

    /// <summary>How many of the largest tables (by rows, from the statistics views) the dead-row check looks at.</summary>
    public int DeadTupleTables { get; set; } = 10;

    /// <summary>Failed connection attempts (<c>Aborted_connects</c>) as a percentage of all attempts, at or above which it is a Warning (MySQL / MariaDB).</summary>
    public double AbortedConnectsWarningPercent { get; set; } = 3;

    /// <summary>
    /// The age of a target's newest verified backup at or above which it is a Warning (a day and two hours: one missed
    /// daily backup). Checked when the backups container exists; a target with no verified backup there is Critical.
    /// </summary>
    [Duration("00:10:00", "400.00:00:00")]
    public TimeSpan BackupAgeWarning { get; set; } = TimeSpan.FromHours(26);

    /// <summary>The age of the newest verified backup at or above which it is Critical (two missed daily backups).</summary>
    [Duration("00:10:00", "400.00:00:00")]
    public TimeSpan BackupAgeCritical { get; set; } = TimeSpan.FromHours(50);

    /// <summary>Failed connection attempts as a percentage at or above which it is Critical.</summary>
    public double AbortedConnectsCriticalPercent { get; set; } = 10;

    /// <summary>Connection attempts since the server started below which the aborted share is reported but not judged.</summary>
    public long AbortedConnectsMinimum { get; set; } = 100;
}
