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
}
