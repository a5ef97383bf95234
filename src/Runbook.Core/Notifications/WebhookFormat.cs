namespace Runbook.Notifications;

/// <summary>The JSON a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary>Slack incoming webhook: <c>{ "text": "..." }</c>.</summary>
    Slack,

    /// <summary>Microsoft Teams (a Workflows webhook, or a legacy connector): an Adaptive Card in a message.</summary>
    Teams,
}
