using Microsoft.Extensions.Options;
using MimeKit;

namespace Runbook.Outbox;

/// <summary>Checks the SMTP settings at start-up; whether they are required at all is <see cref="OutboxTargetsValidator"/>'s call.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = SmtpOptions.SectionName;
        var failures = new List<string>();
        if (options.Host is not null && Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            failures.Add($"{Key}:Host '{options.Host}' is not a host name or address (no scheme, port or path: smtp.example.com).");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{Key}:Port must be between 1 and 65535 (got {options.Port}).");
        }

        var hasPassword = !string.IsNullOrEmpty(options.Password);
        var hasSecret = !string.IsNullOrWhiteSpace(options.PasswordSecret);
        if (hasPassword && hasSecret)
        {
            failures.Add($"{Key}:Password and {Key}:PasswordSecret are both set; set one.");
        }
        else if (string.IsNullOrWhiteSpace(options.User) && (hasPassword || hasSecret))
        {
            failures.Add($"{Key}:User is required with {(hasPassword ? $"{Key}:Password" : $"{Key}:PasswordSecret")}.");
        }
        else if (!string.IsNullOrWhiteSpace(options.User) && !hasPassword && !hasSecret)
        {
            failures.Add($"{Key}:Password or {Key}:PasswordSecret (a Key Vault secret name) is required with {Key}:User.");
        }

        if (options.From is not null && !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{Key}:From '{options.From}' is not an e-mail address (runbook@example.com or \"Runbook\" <runbook@example.com>).");
        }

        if (options.MessageIdDomain is not null && Uri.CheckHostName(options.MessageIdDomain) != UriHostNameType.Dns)
        {
            failures.Add($"{Key}:MessageIdDomain '{options.MessageIdDomain}' is not a domain name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
