using Runbook.Configuration;

namespace Runbook.Notifications;

/// <summary>A Teams or Slack incoming webhook (<c>Runbook:Notifications:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// The webhook's address. It carries its own secret: keep it in Key Vault and set the app setting as a Key Vault
    /// reference; Runbook never logs it. HTTPS, or HTTP to this machine only.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>The payload the receiver expects.</summary>
    public WebhookFormat Format { get; set; } = WebhookFormat.Slack;

    /// <summary>How long one post may take.</summary>
    [Duration("00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
