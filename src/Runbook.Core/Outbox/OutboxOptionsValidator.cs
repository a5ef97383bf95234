using Microsoft.Extensions.Options;

namespace Runbook.Outbox;

/// <summary>Checks the outbox tuning at start-up, and that a message's send timeout is well below the reclaim timeout.</summary>
public sealed class OutboxOptionsValidator(IOptions<SmtpOptions> smtp) : IValidateOptions<OutboxOptions>
{
    /// <summary>How many send timeouts must fit in the processing timeout.</summary>
    public const int SendTimeoutsPerProcessingTimeout = 3;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = OutboxOptions.SectionName;
        var failures = new List<string>();
        Range(options.MaxAttempts, 1, 100, "MaxAttempts", failures);
        Range(options.RetryJitterPercent, 0, 100, "RetryJitterPercent", failures);
        Range(options.BatchSize, 1, 10_000, "BatchSize", failures);
        Range(options.PurgeBatchSize, 1, 100_000, "PurgeBatchSize", failures);
        Range(options.ClaimRetries, 0, 20, "ClaimRetries", failures);
        if (options.RetryBase > options.RetryMax)
        {
            failures.Add($"{Key}:RetryBase ({options.RetryBase:c}) must not be greater than {Key}:RetryMax ({options.RetryMax:c}).");
        }

        if (OptionsValue.OrNull(smtp)?.SendTimeout is { } sendTimeout && sendTimeout * SendTimeoutsPerProcessingTimeout > options.ProcessingTimeout)
        {
            failures.Add($"{Key}:ProcessingTimeout ({options.ProcessingTimeout:c}) must be at least {SendTimeoutsPerProcessingTimeout} times {SmtpOptions.SectionName}:SendTimeout ({sendTimeout:c}), so that a processor gives up on a slow message long before another one reclaims it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(int value, int min, int max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{OutboxOptions.SectionName}:{key} must be between {min} and {max} (got {value}).");
        }
    }
}
