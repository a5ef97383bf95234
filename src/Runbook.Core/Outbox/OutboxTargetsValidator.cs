using Microsoft.Extensions.Options;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// Checks each target's <c>Outbox</c> section at start-up: a valid table name, and, once any outbox is enabled, an SMTP
/// server to send through and a vault for a password kept in one.
/// </summary>
public sealed class OutboxTargetsValidator(IOptions<SmtpOptions> smtp) : IValidateOptions<RunbookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RunbookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        string? firstEnabled = null;
        foreach (var target in options.Targets)
        {
            if (target.Outbox is not { } outbox)
            {
                continue;
            }

            var key = $"{options.KeyOf(target)}:Outbox";
            if (string.IsNullOrWhiteSpace(outbox.Table))
            {
                failures.Add($"{key}:Table is required (default {OutboxTableOptions.DefaultTable}).");
            }
            else if (!SqlIdentifier.IsValid(outbox.Table))
            {
                failures.Add($"{key}:Table: {SqlIdentifier.Describe(outbox.Table, allowSchema: true)}");
            }

            firstEnabled ??= outbox.Enabled ? $"{key}:Enabled" : null;
        }

        if (firstEnabled is not null && OptionsValue.OrNull(smtp) is { } settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Host))
            {
                failures.Add($"{SmtpOptions.SectionName}:Host is required because {firstEnabled} is true: the outbox needs an SMTP server to send through.");
            }

            if (!string.IsNullOrWhiteSpace(settings.PasswordSecret) && options.KeyVault.VaultUri is null)
            {
                failures.Add($"{RunbookOptions.SectionName}:KeyVault:VaultUri is required because {SmtpOptions.SectionName}:PasswordSecret names a Key Vault secret.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
