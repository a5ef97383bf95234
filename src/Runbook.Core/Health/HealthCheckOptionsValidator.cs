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
