using Microsoft.Extensions.Options;

namespace Runbook.Targets;

/// <summary>
/// Checks the target list once at start-up. Every message starts with the configuration key at fault
/// (<c>Runbook:Targets:0:Provider</c>), so the same text helps whether the key came from app settings,
/// environment variables or a <c>--config</c> file.
/// </summary>
public sealed class RunbookOptionsValidator : IValidateOptions<RunbookOptions>
{
    private readonly IReadOnlyDictionary<DatabaseProvider, IDatabaseDialect> _dialects;

    /// <summary>Checks connection strings with the built-in dialects.</summary>
    public RunbookOptionsValidator()
        : this([new PostgreSqlDialect(), new MySqlDialect()])
    {
    }

    /// <summary>Checks connection strings with <paramref name="dialects"/>.</summary>
    public RunbookOptionsValidator(IEnumerable<IDatabaseDialect> dialects)
    {
        ArgumentNullException.ThrowIfNull(dialects);
        _dialects = dialects.ToDictionary(d => d.Provider);
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RunbookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (options.Targets.Count == 0)
        {
            // A run over nothing would report Normal: an empty or misspelt list is a configuration error.
            failures.Add($"{RunbookOptions.SectionName}:Targets is empty: configure at least one target ({RunbookOptions.SectionName}:Targets:0:Name, :Provider and :ConnectionString or :ConnectionStringSecret).");
        }

        for (var i = 0; i < options.Targets.Count; i++)
        {
            var target = options.Targets[i];
            var key = $"{RunbookOptions.SectionName}:Targets:{i}";

            if (string.IsNullOrWhiteSpace(target.Name))
            {
                failures.Add($"{key}:Name is required.");
            }
            else if (!IsSafeName(target.Name))
            {
                failures.Add($"{key}:Name '{target.Name}' may hold only letters, digits, '-' and '_' (it becomes part of blob names).");
            }
            else if (!names.Add(target.Name))
            {
                failures.Add($"{key}:Name '{target.Name}' is used by another target; target names must be unique.");
            }

            if (target.ProviderKind == DatabaseProvider.Unspecified)
            {
                failures.Add(string.IsNullOrWhiteSpace(target.Provider)
                    ? $"{key}:Provider is required: use PostgreSql or MySql."
                    : $"{key}:Provider '{target.Provider}' is not supported: use PostgreSql or MySql (MySQL 8 and MariaDB 10.6+).");
            }

            ValidateConnection(target, key, options.KeyVault, failures);

            if (target.ErrorLog is { } log)
            {
                var logKey = $"{key}:ErrorLog";
                RequireIdentifier(log.Table, $"{logKey}:Table", allowSchema: true, failures);
                RequireIdentifier(log.LevelColumn, $"{logKey}:LevelColumn", allowSchema: false, failures);
                RequireIdentifier(log.TimeColumn, $"{logKey}:TimeColumn", allowSchema: false, failures);
                RequireIdentifier(log.MessageColumn, $"{logKey}:MessageColumn", allowSchema: false, failures);
            }

            if (target.Promotions is { } promotions)
            {
                var promotionKey = $"{key}:Promotions";
                RequireIdentifier(promotions.Table, $"{promotionKey}:Table", allowSchema: true, failures);
                RequireIdentifier(promotions.IdColumn, $"{promotionKey}:IdColumn", allowSchema: false, failures);
                RequireIdentifier(promotions.NameColumn, $"{promotionKey}:NameColumn", allowSchema: false, failures);
                foreach (var (value, column) in new[]
                {
                    (promotions.ActiveColumn, "ActiveColumn"), (promotions.StartsAtColumn, "StartsAtColumn"), (promotions.EndsAtColumn, "EndsAtColumn"),
                    (promotions.DeactivatedAtColumn, "DeactivatedAtColumn"), (promotions.DeactivatedByColumn, "DeactivatedByColumn"), (promotions.ReasonColumn, "ReasonColumn"),
                })
                {
                    OptionalIdentifier(value, $"{promotionKey}:{column}", allowSchema: false, failures);
                }

                if (promotions.ActiveColumn is null && promotions.EndsAtColumn is null)
                {
                    failures.Add($"{promotionKey}: set ActiveColumn, EndsAtColumn or both, so that Runbook can tell an active promotion and switch it off.");
                }
            }

            for (var q = 0; q < target.Queues.Count; q++)
            {
                var queue = target.Queues[q];
                var queueKey = $"{key}:Queues:{q}";
                RequireIdentifier(queue.Table, $"{queueKey}:Table", allowSchema: true, failures);
                RequireIdentifier(queue.StatusColumn, $"{queueKey}:StatusColumn", allowSchema: false, failures);
                RequireIdentifier(queue.CreatedAtColumn, $"{queueKey}:CreatedAtColumn", allowSchema: false, failures);
                RequireIdentifier(queue.IdColumn, $"{queueKey}:IdColumn", allowSchema: false, failures);
                OptionalIdentifier(queue.RetryCountColumn, $"{queueKey}:RetryCountColumn", allowSchema: false, failures);
                OptionalIdentifier(queue.LastErrorColumn, $"{queueKey}:LastErrorColumn", allowSchema: false, failures);
                OptionalIdentifier(queue.ClearFunction, $"{queueKey}:ClearFunction", allowSchema: true, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateConnection(TargetOptions target, string key, KeyVaultOptions keyVault, List<string> failures)
    {
        var hasString = !string.IsNullOrWhiteSpace(target.ConnectionString);
        var hasSecret = !string.IsNullOrWhiteSpace(target.ConnectionStringSecret);
        if (hasString == hasSecret)
        {
            failures.Add(hasString
                ? $"{key}:ConnectionString and {key}:ConnectionStringSecret are both set; set exactly one."
                : $"{key}:ConnectionString is missing: set it, or set {key}:ConnectionStringSecret to a Key Vault secret name.");
            return;
        }

        if (hasString && _dialects.TryGetValue(target.ProviderKind, out var dialect) && !dialect.IsValidConnectionString(target.ConnectionString!))
        {
            // Never echo the value: a misplaced ';' puts part of a password where a keyword belongs.
            failures.Add($"{key}:ConnectionString is not a valid {dialect.Provider} connection string: check the keyword names, that numbers (Port, Timeout) are numbers, and quote values holding ';' (Password='a;b'). The value is not shown.");
        }

        if (hasSecret && keyVault.VaultUri is null)
        {
            failures.Add($"{RunbookOptions.SectionName}:KeyVault:VaultUri is required because {key}:ConnectionStringSecret names a Key Vault secret.");
        }
        else if (hasSecret && keyVault.VaultUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{RunbookOptions.SectionName}:KeyVault:VaultUri '{uri}' must be an absolute https:// address.");
        }
    }

    private static void RequireIdentifier(string? value, string key, bool allowSchema, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is required.");
        }
        else if (!SqlIdentifier.IsValid(value, allowSchema))
        {
            failures.Add($"{key}: {SqlIdentifier.Describe(value, allowSchema)}");
        }
    }

    private static void OptionalIdentifier(string? value, string key, bool allowSchema, List<string> failures)
    {
        if (value is not null)
        {
            RequireIdentifier(value, key, allowSchema, failures);
        }
    }

    private static bool IsSafeName(string value) =>
        value.Length <= 63 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
