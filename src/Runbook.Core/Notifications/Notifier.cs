using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Logging;
using Runbook.Targets;

namespace Runbook.Notifications;

/// <summary>
/// The one notifier the jobs call. <see cref="RaiseAsync"/> sends an alert unless the same one (by key) was sent within
/// <see cref="NotificationOptions.DeduplicationWindow"/>; <see cref="ResolveAsync"/> sends one recovery when an open
/// alert clears. The open alerts are claimed in storage before anything is sent, so several instances send an alert
/// once. A notification never fails the job that sent it: every failure is logged and returned as an outcome.
/// </summary>
public class Notifier
{
    private readonly NotificationOptions _options = new();
    private readonly OpenAlertStore _alerts = null!;
    private readonly IReadOnlyList<INotificationChannel> _channels = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected Notifier()
    {
    }

    /// <summary>Creates the notifier over every registered channel (normally by dependency injection).</summary>
    public Notifier(IOptions<NotificationOptions> options, OpenAlertStore alerts, IEnumerable<INotificationChannel> channels, TimeProvider time, ILogger<Notifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channels);
        _options = options.Value;
        _alerts = alerts ?? throw new ArgumentNullException(nameof(alerts));
        _channels = [.. channels];
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>True when any channel is configured.</summary>
    public virtual bool IsConfigured => _channels.Any(c => c.IsConfigured);

    /// <summary>
    /// Raises the alert <paramref name="key"/>: sent now unless it was sent within the de-duplication window. When no
    /// channel takes it, it stays unsent, so the next run tries again.
    /// </summary>
    public virtual async Task<NotificationOutcome> RaiseAsync(string key, string subject, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (!IsConfigured)
        {
            return NotificationOutcome.NotConfigured;
        }

        var now = _time.GetUtcNow();
        var fullSubject = $"{_options.SubjectPrefix} {subject}".Trim();
        try
        {
            OpenAlert? previous = null;
            OpenAlert? claimed = null;
            await _alerts.UpdateAsync(
                open =>
                {
                    previous = open.GetValueOrDefault(key);
                    if (previous is not null && now - previous.LastSentAt < _options.DeduplicationWindow)
                    {
                        claimed = null;
                        return open;
                    }

                    claimed = new OpenAlert(fullSubject, previous?.RaisedAt ?? now, now, (previous?.Sent ?? 0) + 1);
                    return new Dictionary<string, OpenAlert>(open) { [key] = claimed };
                },
                cancellationToken);
            if (claimed is null)
            {
                Log.NotificationSuppressed(_logger, key, previous!.LastSentAt, _options.DeduplicationWindow);
                return NotificationOutcome.Suppressed;
            }

            var repeat = previous is null ? string.Empty : $"\n\nOpen since {previous.RaisedAt:u}; this is reminder {claimed.Sent - 1} (one every {_options.DeduplicationWindow.TotalHours:0.#} h while it lasts).";
            if (await DeliverAsync(new Notification(key, fullSubject, body + repeat, IsRecovery: false), cancellationToken))
            {
                return NotificationOutcome.Sent;
            }

            // Nobody heard it: give the claim back so that the next run sends it.
            await _alerts.UpdateAsync(
                open => open.GetValueOrDefault(key) != claimed ? open : previous is null ? Without(open, key) : new Dictionary<string, OpenAlert>(open) { [key] = previous },
                cancellationToken);
            return NotificationOutcome.Failed;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.NotificationFailed(_logger, e, key, DatabaseText.FirstLine(e.Message));
            return NotificationOutcome.Failed;
        }
    }

    /// <summary>Clears the alert <paramref name="key"/>: when it was open, one recovery message says so and how long it lasted.</summary>
    public virtual async Task<NotificationOutcome> ResolveAsync(string key, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (!IsConfigured)
        {
            return NotificationOutcome.NotConfigured;
        }

        try
        {
            OpenAlert? closed = null;
            await _alerts.UpdateAsync(
                open =>
                {
                    closed = open.GetValueOrDefault(key);
                    return closed is null ? open : Without(open, key);
                },
                cancellationToken);
            if (closed is null)
            {
                return NotificationOutcome.NothingOpen;
            }

            var lasted = _time.GetUtcNow() - closed.RaisedAt;
            var subject = $"{_options.SubjectPrefix} Resolved: {Unprefixed(closed.Subject)}".Trim();
            var text = $"{body}\n\nOpen since {closed.RaisedAt:u} ({(int)lasted.TotalHours} h {lasted.Minutes} min); {closed.Sent} alert(s) sent.";
            return await DeliverAsync(new Notification(key, subject, text, IsRecovery: true), cancellationToken) ? NotificationOutcome.Sent : NotificationOutcome.Failed;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.NotificationFailed(_logger, e, key, DatabaseText.FirstLine(e.Message));
            return NotificationOutcome.Failed;
        }
    }

    // Every configured channel is tried; one that took it is enough.
    private async Task<bool> DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        var delivered = false;
        foreach (var channel in _channels.Where(c => c.IsConfigured))
        {
            try
            {
                var where = await channel.SendAsync(notification, cancellationToken);
                Log.NotificationSent(_logger, notification.Key, notification.IsRecovery ? "recovery" : "alert", where);
                delivered = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.NotificationChannelFailed(_logger, notification.Key, channel.Name, DatabaseText.FirstLine(e.Message));
            }
        }

        return delivered;
    }

    private string Unprefixed(string subject) =>
        subject.StartsWith(_options.SubjectPrefix, StringComparison.Ordinal) ? subject[_options.SubjectPrefix.Length..].TrimStart() : subject;

    private static Dictionary<string, OpenAlert> Without(Dictionary<string, OpenAlert> open, string key)
    {
        var next = new Dictionary<string, OpenAlert>(open);
        next.Remove(key);
        return next;
    }
}
