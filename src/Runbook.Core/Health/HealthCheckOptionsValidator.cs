using Microsoft.Extensions.Options;

namespace Runbook.Health;

/// <summary>Checks that every threshold is positive and every Warning comes before its Critical.</summary>
public sealed class HealthCheckOptionsValidator : IValidateOptions<HealthCheckOptions>
{
    private const string Key = HealthCheckOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        Positive(options.ConnectTimeout, nameof(options.ConnectTimeout), failures);
        Positive(options.CommandTimeout, nameof(options.CommandTimeout), failures);
        Positive(options.LockTimeout, nameof(options.LockTimeout), failures);
        Positive(options.LongRunningQueryThreshold, nameof(options.LongRunningQueryThreshold), failures);
        Positive(options.ErrorLogWindow, nameof(options.ErrorLogWindow), failures);
        Positive(options.QueueStuckThreshold, nameof(options.QueueStuckThreshold), failures);
        Ordered(options.LatencyWarning.TotalMilliseconds, options.LatencyCritical.TotalMilliseconds, nameof(options.LatencyWarning), nameof(options.LatencyCritical), failures);
        Ordered(options.ConnectionsWarningPercent, options.ConnectionsCriticalPercent, nameof(options.ConnectionsWarningPercent), nameof(options.ConnectionsCriticalPercent), failures);
        Ordered(options.LockWaitsWarning, options.LockWaitsCritical, nameof(options.LockWaitsWarning), nameof(options.LockWaitsCritical), failures);
        Ordered(options.ErrorsWarning, options.ErrorsCritical, nameof(options.ErrorsWarning), nameof(options.ErrorsCritical), failures);
        Ordered(options.StuckItemsWarning, options.StuckItemsCritical, nameof(options.StuckItemsWarning), nameof(options.StuckItemsCritical), failures);

        Ordered(options.IdleInTransactionWarning.TotalSeconds, options.IdleInTransactionCritical.TotalSeconds, nameof(options.IdleInTransactionWarning), nameof(options.IdleInTransactionCritical), failures);
        Ordered(options.LongTransactionWarning.TotalSeconds, options.LongTransactionCritical.TotalSeconds, nameof(options.LongTransactionWarning), nameof(options.LongTransactionCritical), failures);
        Ordered(options.BackupAgeWarning.TotalSeconds, options.BackupAgeCritical.TotalSeconds, nameof(options.BackupAgeWarning), nameof(options.BackupAgeCritical), failures);
        Ordered(options.ReplicationLagWarning.TotalSeconds, options.ReplicationLagCritical.TotalSeconds, nameof(options.ReplicationLagWarning), nameof(options.ReplicationLagCritical), failures);
        Ordered(options.WraparoundWarningPercent, options.WraparoundCriticalPercent, nameof(options.WraparoundWarningPercent), nameof(options.WraparoundCriticalPercent), failures);
        Ordered(options.ReplicationSlotRetainedWarningMegabytes, options.ReplicationSlotRetainedCriticalMegabytes, nameof(options.ReplicationSlotRetainedWarningMegabytes), nameof(options.ReplicationSlotRetainedCriticalMegabytes), failures);
        Ordered(options.SequenceWarningPercent, options.SequenceCriticalPercent, nameof(options.SequenceWarningPercent), nameof(options.SequenceCriticalPercent), failures);
        Ordered(options.DeadTupleWarningPercent, options.DeadTupleCriticalPercent, nameof(options.DeadTupleWarningPercent), nameof(options.DeadTupleCriticalPercent), failures);
        Ordered(options.AbortedConnectsWarningPercent, options.AbortedConnectsCriticalPercent, nameof(options.AbortedConnectsWarningPercent), nameof(options.AbortedConnectsCriticalPercent), failures);
        AtMost100(options.SequenceCriticalPercent, nameof(options.SequenceCriticalPercent), failures);
        AtMost100(options.DeadTupleCriticalPercent, nameof(options.DeadTupleCriticalPercent), failures);
        AtMost100(options.AbortedConnectsCriticalPercent, nameof(options.AbortedConnectsCriticalPercent), failures);

        // A hit ratio is bad when low: the Warning is the higher figure.
        if (options.CacheHitRatioCriticalPercent <= 0 || options.CacheHitRatioWarningPercent > 100)
        {
            failures.Add($"{Key}:{nameof(options.CacheHitRatioCriticalPercent)} and {nameof(options.CacheHitRatioWarningPercent)} must be between 0 and 100, above zero.");
        }
        else if (options.CacheHitRatioCriticalPercent > options.CacheHitRatioWarningPercent)
        {
            failures.Add($"{Key}:{nameof(options.CacheHitRatioCriticalPercent)} ({options.CacheHitRatioCriticalPercent}) must not be greater than {Key}:{nameof(options.CacheHitRatioWarningPercent)} ({options.CacheHitRatioWarningPercent}): a hit ratio is worse when lower.");
        }

        NotNegative(options.CacheHitMinimumReads, nameof(options.CacheHitMinimumReads), failures);
        NotNegative(options.DeadTupleMinimum, nameof(options.DeadTupleMinimum), failures);
        NotNegative(options.AbortedConnectsMinimum, nameof(options.AbortedConnectsMinimum), failures);
        if (options.DeadTupleTables is < 1 or > 1000)
        {
            failures.Add($"{Key}:{nameof(options.DeadTupleTables)} must be between 1 and 1000.");
        }

        if (options.FailedItemsWarning < 1)
        {
            failures.Add($"{Key}:{nameof(options.FailedItemsWarning)} must be greater than zero.");
        }

        if (options.ConnectionsCriticalPercent > 100)
        {
            failures.Add($"{Key}:{nameof(options.ConnectionsCriticalPercent)} must be at most 100.");
        }

        if (options.TopMessages is < 1 or > 100)
        {
            failures.Add($"{Key}:{nameof(options.TopMessages)} must be between 1 and 100.");
        }

        if (options.SlowStatements is < 1 or > 100)
        {
            failures.Add($"{Key}:{nameof(options.SlowStatements)} must be between 1 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Key}:{name} must be a positive duration such as 00:05:00 (got {value}).");
        }
    }

    private static void AtMost100(double value, string name, List<string> failures)
    {
        if (value > 100)
        {
            failures.Add($"{Key}:{name} is a percentage and must be at most 100 (got {value}).");
        }
    }

    private static void NotNegative(long value, string name, List<string> failures)
    {
        if (value < 0)
        {
            failures.Add($"{Key}:{name} must not be negative (got {value}).");
        }
    }

    private static void Ordered(double warning, double critical, string warningName, string criticalName, List<string> failures)
    {
        if (warning <= 0 || critical <= 0)
        {
            failures.Add($"{Key}:{(warning <= 0 ? warningName : criticalName)} must be greater than zero.");
        }
        else if (warning > critical)
        {
            failures.Add($"{Key}:{warningName} ({warning}) must not be greater than {Key}:{criticalName} ({critical}).");
        }
    }
}
