namespace Runbook.Notifications;

/// <summary>What became of a notification.</summary>
public enum NotificationOutcome
{
    /// <summary>Neither e-mail recipients nor a webhook are configured: nothing to do.</summary>
    NotConfigured,

    /// <summary>Delivered by at least one channel.</summary>
    Sent,

    /// <summary>The same alert was sent within the de-duplication window.</summary>
    Suppressed,

    /// <summary>A recovery with no open alert: nothing to say.</summary>
    NothingOpen,

    /// <summary>No channel took it (logged); an alert is tried again on the next run.</summary>
    Failed,
}
