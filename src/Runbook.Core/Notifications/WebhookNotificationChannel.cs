using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Runbook.Notifications;

/// <summary>Notifications to a Teams or Slack channel through its incoming webhook; the address is never logged or shown.</summary>
public sealed class WebhookNotificationChannel(IOptions<NotificationOptions> options) : INotificationChannel, IDisposable
{
    // One client for the process: its connections are reused, and recycled so that DNS changes are seen.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <inheritdoc />
    public string Name => "webhook";

    /// <inheritdoc />
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Webhook.Url);

    /// <inheritdoc />
    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var webhook = options.Value.Webhook;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhook.Timeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(webhook.Url!), Payload(notification, webhook.Format), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The {webhook.Format} webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {webhook.Format} webhook did not answer within {webhook.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e) when (e.StatusCode is null && e.InnerException is not null)
        {
            // The handler's message names the host and port only; say what failed without the address's secret path.
            throw new HttpRequestException($"The {webhook.Format} webhook could not be reached: {e.InnerException.Message}");
        }

        return $"{webhook.Format} webhook";
    }

    /// <summary>The JSON body for <paramref name="format"/>.</summary>
    public static JsonObject Payload(Notification notification, WebhookFormat format)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return format switch
        {
            WebhookFormat.Teams => new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        ["body"] = new JsonArray(
                            new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Subject, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true, ["color"] = notification.IsRecovery ? "Good" : "Attention" },
                            new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Body, ["wrap"] = true }),
                    },
                }),
            },
            _ => new JsonObject { ["text"] = $"*{notification.Subject}*\n{notification.Body}" },
        };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
