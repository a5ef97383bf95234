using Runbook.Configuration;

namespace Runbook.Notifications;

/// <summary>
/// Who hears about Runbook's alerts (<c>Runbook:Notifications</c>): a Critical daily health check, a timer that failed,
/// and later a failed backup, maintenance or rotation. Messages go to <see cref="Recipients"/> through the e-mail outbox
/// and, when <see cref="Webhook"/> is set, to a Teams or Slack channel. Nothing is sent when neither is configured.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Notifications";

    /// <summary>E-mail addresses that receive every alert and recovery (none: no e-mail).</summary>
    public string[] Recipients { get; set; } = [];

    /// <summary>The sender; <c>Runbook:Smtp:From</c> when left out.</summary>
    public string? From { get; set; }

    /// <summary>
    /// The targets whose outbox takes the messages, tried in order (an alert about a database that is down cannot be
    /// written to that database's outbox); every target with its outbox enabled, in configuration order, when left out.
    /// </summary>
    public string[] OutboxTargets { get; set; } = [];

    /// <summary>Put before every subject.</summary>
    public string SubjectPrefix { get; set; } = "[Runbook]";

    /// <summary>The same alert is not sent again within this time while it lasts; its recovery is sent once when it clears.</summary>
    [Duration("00:01:00", "7.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The blob in <c>Runbook:Tasks:ControlContainer</c> that remembers which alerts are open and when each was sent.</summary>
    public string StateBlob { get; set; } = "notifications.json";

    /// <summary>An optional chat channel beside e-mail.</summary>
    public WebhookOptions Webhook { get; set; } = new();
}
