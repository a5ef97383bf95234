using Microsoft.Extensions.Options;

namespace Runbook.Queues;

/// <summary>Checks the queue operations' guard at start-up.</summary>
public sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxRows is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{QueueOptions.SectionName}:MaxRows must be between 1 and 1000000.");
    }
}
