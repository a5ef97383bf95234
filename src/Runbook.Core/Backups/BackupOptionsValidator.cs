using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Backups;

/// <summary>Checks the container name, the block size and the retention counts.</summary>
public sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    private const string Key = BackupOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!BlobNames.IsContainerName(options.Container))
        {
            failures.Add($"{Key}:Container '{options.Container}' is not a valid container name ({BlobNames.ContainerRule}).");
        }

        if (options.BlockSizeMegabytes is < 1 or > 100)
        {
            failures.Add($"{Key}:BlockSizeMegabytes must be between 1 and 100 (got {options.BlockSizeMegabytes}).");
        }

        Range(options.GzipLevel, 1, 9, nameof(options.GzipLevel), failures);
        Range(options.RestoreConnections, 1, 16, nameof(options.RestoreConnections), failures);
        Range(options.DailyRetentionDays, 1, 366, nameof(options.DailyRetentionDays), failures);
        Range(options.WeeklyRetentionWeeks, 1, 520, nameof(options.WeeklyRetentionWeeks), failures);
        Range(options.MonthlyRetentionMonths, 1, 1200, nameof(options.MonthlyRetentionMonths), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(int value, int min, int max, string name, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Key}:{name} must be between {min} and {max} (got {value}).");
        }
    }
}
