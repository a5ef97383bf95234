namespace Runbook.Notifications;

/// <summary>A way a notification reaches people: the e-mail outbox, a chat webhook.</summary>
public interface INotificationChannel
{
    /// <summary>The channel's name in logs (never its address).</summary>
    string Name { get; }

    /// <summary>True when configured; a channel that is not is skipped.</summary>
    bool IsConfigured { get; }

    /// <summary>Delivers <paramref name="notification"/> (to the outbox: written, sent by the next processor run); returns where it went; throws when it could not.</summary>
    Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default);
}
