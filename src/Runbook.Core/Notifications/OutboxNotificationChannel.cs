using System.Data.Common;
using Microsoft.Extensions.Options;
using Runbook.Outbox;
using Runbook.Targets;

namespace Runbook.Notifications;

/// <summary>
/// Notifications by e-mail: written to the first outbox that takes them (<c>Runbook:Notifications:OutboxTargets</c>, or
/// every enabled outbox in order), so that an alert about a database that is down goes out through another one.
/// </summary>
public sealed class OutboxNotificationChannel(IOptions<NotificationOptions> options, IOptions<RunbookOptions> targets, OutboxOperations outbox) : INotificationChannel
{
    /// <inheritdoc />
    public string Name => "e-mail";

    /// <inheritdoc />
    public bool IsConfigured => options.Value.Recipients.Length > 0;

    /// <inheritdoc />
    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var settings = options.Value;
        var names = settings.OutboxTargets.Length > 0
            ? settings.OutboxTargets
            : [.. targets.Value.Targets.Where(t => t.Outbox is { Enabled: true }).Select(t => t.Name)];
        var to = string.Join(", ", settings.Recipients);
        var refused = new List<string>();
        foreach (var name in names)
        {
            try
            {
                var id = await outbox.WriteAsync(name, to, notification.Subject, notification.Body, settings.From, cancellationToken);
                return $"outbox of {name} (message {id})";
            }
            catch (Exception e) when (e is TargetConnectException or DbException or TableConfigurationException && !cancellationToken.IsCancellationRequested)
            {
                refused.Add($"{name}: {DatabaseText.FirstLine(e.Message)}");
            }
        }

        throw new InvalidOperationException($"No outbox took the message ({(refused.Count == 0 ? "none is enabled" : string.Join("; ", refused))}).");
    }
}
