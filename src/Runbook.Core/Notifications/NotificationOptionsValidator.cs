using Microsoft.Extensions.Options;
using MimeKit;
using Runbook.Outbox;
using Runbook.Targets;

namespace Runbook.Notifications;

/// <summary>
/// Checks <c>Runbook:Notifications</c> at start-up: addresses that parse, outbox targets that exist with their outbox
/// enabled (and at least one when there are recipients), and a webhook address that is HTTPS (HTTP only to this machine).
/// </summary>
public sealed class NotificationOptionsValidator(IOptions<RunbookOptions> targets) : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = NotificationOptions.SectionName;
        var failures = new List<string>();
        for (var i = 0; i < options.Recipients.Length; i++)
        {
            if (!MailboxAddress.TryParse(options.Recipients[i] ?? string.Empty, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
            {
                failures.Add($"{Key}:Recipients:{i} '{options.Recipients[i]}' is not an e-mail address (oncall@example.com).");
            }
        }

        if (options.From is not null && !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{Key}:From '{options.From}' is not an e-mail address (runbook@example.com or \"Runbook\" <runbook@example.com>).");
        }

        var configured = OptionsValue.OrNull(targets);
        if (configured is not null)
        {
            for (var i = 0; i < options.OutboxTargets.Length; i++)
            {
                var target = configured.Targets.FirstOrDefault(t => string.Equals(t.Name, options.OutboxTargets[i], StringComparison.OrdinalIgnoreCase));
                if (target is null)
                {
                    failures.Add($"{Key}:OutboxTargets:{i} '{options.OutboxTargets[i]}' is not a configured target.");
                }
                else if (target.Outbox is not { Enabled: true })
                {
                    failures.Add($"{Key}:OutboxTargets:{i} '{target.Name}' has no outbox: set {configured.KeyOf(target)}:Outbox:Enabled to true, or name another target.");
                }
            }

            if (options.Recipients.Length > 0 && options.OutboxTargets.Length == 0 && !configured.Targets.Any(t => t.Outbox is { Enabled: true }))
            {
                failures.Add($"{Key}:Recipients are set but no target has its outbox enabled to send through: enable one (Runbook:Targets:N:Outbox:Enabled) or remove the recipients.");
            }
        }

        if (options.Webhook.Url is { } url && !IsAllowed(url))
        {
            failures.Add($"{Key}:Webhook:Url must be an absolute https:// address (http:// only to localhost); the value is not shown because it holds a secret.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAllowed(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
