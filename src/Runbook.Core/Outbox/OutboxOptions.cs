using Runbook.Configuration;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// How the outbox is processed (<c>Runbook:Outbox</c>), with seed 003's tuning as defaults: 5 attempts, retries after
/// 60 s doubling up to 3600 s, rows stuck in processing for 900 s reclaimed, 100 messages a run.
/// </summary>
public sealed class OutboxOptions : TargetOperationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Outbox";

    /// <summary>Tries a message gets before it is failed (seed 003 <c>EMAIL_QUEUE_MAX_ATTEMPTS</c>).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed try; it doubles with every further one (<c>EMAIL_QUEUE_RETRY_BASE_SECONDS</c>).</summary>
    [Duration("00:00:01", "1.00:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait between tries (<c>EMAIL_QUEUE_RETRY_MAX_SECONDS</c>).</summary>
    [Duration("00:00:01", "7.00:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Up to this share of the wait is added at random, so that messages failed together do not retry together.</summary>
    public int RetryJitterPercent { get; set; } = 20;

    /// <summary>
    /// A row claimed longer ago than this is taken to be abandoned (its processor died) and claimed again
    /// (<c>EMAIL_QUEUE_PROCESSING_TIMEOUT_SECONDS</c>). A processor stops sending from its batch well before it.
    /// </summary>
    [Duration("00:00:01", "1.00:00:00")]
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>Messages claimed in one run (<c>--limit</c>).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Processed rows older than this are deleted after each run, so that the queue stays fast; failed rows are kept.</summary>
    [Duration("00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most processed rows one run deletes.</summary>
    public int PurgeBatchSize { get; set; } = 1000;

    /// <summary>How often a claim that met a deadlock or a lock wait is tried again before the run gives up.</summary>
    public int ClaimRetries { get; set; } = 3;
}
