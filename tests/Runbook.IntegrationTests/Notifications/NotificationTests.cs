using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Runbook.IntegrationTests.Outbox;
using Runbook.Notifications;
using Runbook.Scheduling;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Notifications;

/// <summary>
/// Runbook's own alerts: through the outbox (and on to the SMTP sink) and a webhook on loopback, de-duplicated within the
/// window, one recovery when they clear, sent once by instances racing, retried when nobody took them; wired to the
/// health check and to failed timers.
/// </summary>
public sealed class NotificationTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    private static Action<Dictionary<string, string?>> Notifications(string recipient, WebhookReceiver? webhook, string format = "Teams", string? state = null) => s =>
    {
        s["Runbook:Notifications:Recipients:0"] = recipient;
        s["Runbook:Notifications:StateBlob"] = state ?? $"notifications-{Guid.NewGuid():N}.json";
        if (webhook is not null)
        {
            s["Runbook:Notifications:Webhook:Url"] = webhook.Url;
            s["Runbook:Notifications:Webhook:Format"] = format;
        }
    };

    private static async Task<List<string>> SubjectsAsync(string provider, string shop, string recipient) =>
        [.. (await OutboxDatabase.QueryAsync(provider, shop, "SELECT subject FROM runbook_outbox WHERE to_addresses = @to ORDER BY id", ("to", recipient))).Select(r => (string)r["subject"]!)];

    private static string TeamsTitle(JsonElement post) =>
        post.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString()!;

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task An_alert_is_sent_once_per_window_while_it_lasts_and_its_recovery_once(string provider)
    {
        await using var webhook = WebhookReceiver.Start();
        var oncall = Unique("oncall");
        var (shop, sp, clock) = await OutboxAsync(provider, configure: Notifications(oncall, webhook));
        await using var _ = sp;
        var notifier = sp.GetRequiredService<Notifier>();

        var first = await notifier.RaiseAsync("health-check/shop", "Health check of shop is Critical", "Cannot connect to shop.");
        clock.Advance(TimeSpan.FromHours(1));
        var again = await notifier.RaiseAsync("health-check/shop", "Health check of shop is Critical", "Cannot connect to shop.");
        var other = await notifier.RaiseAsync("timer/backup", "Timer backup failed", "disk full");
        clock.Advance(TimeSpan.FromHours(5));
        var reminder = await notifier.RaiseAsync("health-check/shop", "Health check of shop is Critical", "Cannot connect to shop.");
        clock.Advance(TimeSpan.FromMinutes(30));
        var resolved = await notifier.ResolveAsync("health-check/shop", "The health check of shop is Normal.");
        var resolvedAgain = await notifier.ResolveAsync("health-check/shop", "The health check of shop is Normal.");
        var never = await notifier.ResolveAsync("timer/promotion-expiry", "fine");
        clock.Advance(TimeSpan.FromSeconds(1));
        var run = await ProcessAsync(sp);

        Assert.Equal(
            [NotificationOutcome.Sent, NotificationOutcome.Suppressed, NotificationOutcome.Sent, NotificationOutcome.Sent, NotificationOutcome.Sent, NotificationOutcome.NothingOpen, NotificationOutcome.NothingOpen],
            [first, again, other, reminder, resolved, resolvedAgain, never]);
        var subjects = new[] { "[Runbook] Health check of shop is Critical", "[Runbook] Timer backup failed", "[Runbook] Health check of shop is Critical", "[Runbook] Resolved: Health check of shop is Critical" };
        Assert.Equal(subjects, await SubjectsAsync(provider, shop, oncall));
        Assert.Equal(subjects, webhook.Posts.Select(TeamsTitle));
        Assert.Equal(4, run.Sent);
        var mails = Sink.MessagesTo(oncall);
        Assert.Equal(subjects.Order(), mails.Select(m => m.Message.Subject).Order());
        Assert.Contains("Open since ", mails.Single(m => m.Message.Subject == subjects[2] && (m.Message.TextBody ?? string.Empty).Contains("reminder", StringComparison.Ordinal)).Message.TextBody, StringComparison.Ordinal);
        var recovery = mails.Single(m => m.Message.Subject == subjects[3]).Message.TextBody;
        Assert.Contains("The health check of shop is Normal.", recovery, StringComparison.Ordinal);
        Assert.Contains("(6 h 30 min); 2 alert(s) sent.", recovery, StringComparison.Ordinal);
        Assert.Equal("Good", webhook.Posts[3].GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("color").GetString());
    }

    [Fact]
    public async Task An_alert_nobody_took_is_sent_by_the_next_run_and_slack_gets_its_text()
    {
        await using var webhook = WebhookReceiver.Start();
        var (_, sp, clock) = await OutboxAsync("PostgreSql", configure: s =>
        {
            Notifications("unused@example.test", webhook, "Slack")(s);
            s.Remove("Runbook:Notifications:Recipients:0");
        });
        await using var __ = sp;
        var notifier = sp.GetRequiredService<Notifier>();
        webhook.Status = HttpStatusCode.InternalServerError;

        var refused = await notifier.RaiseAsync("timer/backup", "Timer backup failed", "disk full");
        webhook.Status = HttpStatusCode.OK;
        clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await notifier.RaiseAsync("timer/backup", "Timer backup failed", "disk full");

        Assert.Equal((NotificationOutcome.Failed, NotificationOutcome.Sent), (refused, retried));
        Assert.Equal(2, webhook.Posts.Count);
        Assert.Equal("*[Runbook] Timer backup failed*\ndisk full", webhook.Posts[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Instances_raising_the_same_alert_at_once_send_it_once()
    {
        await using var webhook = WebhookReceiver.Start();
        var state = $"notifications-{Guid.NewGuid():N}.json";
        var instances = new List<ServiceProvider>();
        for (var i = 0; i < 3; i++)
        {
            var (_, sp, _) = await OutboxAsync("PostgreSql", configure: Notifications(Unique("oncall"), webhook, state: state));
            instances.Add(sp);
        }

        var outcomes = await Task.WhenAll(instances.SelectMany(sp => Enumerable.Range(0, 4).Select(_ => sp.GetRequiredService<Notifier>().RaiseAsync("timer/backup", "Timer backup failed", "disk full"))));
        foreach (var sp in instances)
        {
            await sp.DisposeAsync();
        }

        Assert.Equal(1, outcomes.Count(o => o == NotificationOutcome.Sent));
        Assert.Equal(11, outcomes.Count(o => o == NotificationOutcome.Suppressed));
        Assert.Single(webhook.Posts);
    }

    [Fact]
    public async Task A_critical_health_check_goes_out_through_another_targets_outbox_and_a_failed_timer_alerts_until_it_succeeds()
    {
        await using var webhook = WebhookReceiver.Start();
        var oncall = Unique("oncall");
        var job = new Mock<IScheduledJob>();
        job.SetupGet(j => j.Schedule).Returns(JobSchedules.Backup);
        job.SetupSequence(j => j.RunScheduledAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("Target shop: disk full"))
            .ThrowsAsync(new InvalidOperationException("Target shop: disk full"))
            .ReturnsAsync("1 backup(s) stored and verified");
        var shop = await Services.Servers.CreateShopAsync("PostgreSql");
        var settings = OutboxDatabase.Settings("PostgreSql", shop, Sink.Port);
        foreach (var (key, value) in ShopFixture.ShopTarget(1, "down", "PostgreSql", ShopFixture.DownPostgres))
        {
            settings[key] = value;
        }

        settings["Runbook:Targets:1:Outbox:Enabled"] = "true";
        settings["Runbook:Notifications:OutboxTargets:0"] = "down";
        settings["Runbook:Notifications:OutboxTargets:1"] = "shop";
        Notifications(oncall, webhook, "Slack")(settings);
        await using var sp = Services.BuildServices(s => s.AddSingleton(job.Object), settings);
        await sp.GetRequiredService<Runbook.Outbox.OutboxMigrator>().MigrateAsync("shop");
        var timers = sp.GetRequiredService<ScheduledJobRunner>();

        await timers.RunAsync(JobSchedules.HealthCheck, isPastDue: false);
        await Assert.ThrowsAsync<InvalidOperationException>(() => timers.RunAsync(JobSchedules.Backup, isPastDue: false));
        await Assert.ThrowsAsync<InvalidOperationException>(() => timers.RunAsync(JobSchedules.Backup, isPastDue: false));
        await timers.RunAsync(JobSchedules.Backup, isPastDue: false);

        var texts = webhook.Posts.Select(p => p.GetProperty("text").GetString()!).ToList();
        Assert.Equal(3, texts.Count);
        Assert.StartsWith("*[Runbook] Health check of down is Critical*\nThe health check of down at ", texts[0], StringComparison.Ordinal);
        Assert.Contains("- CRITICAL reachable: Cannot connect to down:", texts[0], StringComparison.Ordinal);
        Assert.StartsWith("*[Runbook] Timer backup failed*\nTimer backup (BackupTimer) failed at ", texts[1], StringComparison.Ordinal);
        Assert.Contains(": Target shop: disk full", texts[1], StringComparison.Ordinal);
        Assert.StartsWith("*[Runbook] Resolved: Timer backup failed*\nTimer backup (BackupTimer) succeeded again at ", texts[2], StringComparison.Ordinal);
        Assert.Equal(
            ["[Runbook] Health check of down is Critical", "[Runbook] Timer backup failed", "[Runbook] Resolved: Timer backup failed"],
            await SubjectsAsync("PostgreSql", shop, oncall));
        Assert.DoesNotContain(texts, t => t.Contains("health check of shop", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, string, string> BadSettings() => new()
    {
        { "Runbook:Notifications:Recipients:0", "not an address", "Runbook:Notifications:Recipients:0 'not an address' is not an e-mail address" },
        { "Runbook:Notifications:OutboxTargets:0", "nope", "Runbook:Notifications:OutboxTargets:0 'nope' is not a configured target." },
        { "Runbook:Notifications:Webhook:Url", "http://hooks.example.com/services/T0/B0/secret", "Runbook:Notifications:Webhook:Url must be an absolute https:// address (http:// only to localhost); the value is not shown" },
        { "Runbook:Notifications:DeduplicationWindow", "00:00:10", "Runbook:Notifications:DeduplicationWindow" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_notification_settings_are_refused_at_start_up_naming_the_key(string key, string value, string message)
    {
        var settings = OutboxDatabase.Settings("PostgreSql", Services.PostgresShop, Sink.Port);
        settings[key] = value;
        using var sp = Services.BuildServices(settings);

        var failures = StartupFailures(sp);

        Assert.Contains(failures, f => f.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("hooks.example.com", StringComparison.Ordinal));
    }

    // Every failure the start-up check reports, as the hosts print them.
    private static List<string> StartupFailures(ServiceProvider sp)
    {
        static IEnumerable<string> Flatten(Exception e) => e switch
        {
            OptionsValidationException v => v.Failures,
            AggregateException a => a.InnerExceptions.SelectMany(Flatten),
            _ => [e.Message],
        };

        return [.. Flatten(Assert.ThrowsAny<Exception>(() => sp.GetRequiredService<IStartupValidator>().Validate()))];
    }

    [Fact]
    public void Recipients_without_any_outbox_are_refused()
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", Services.PostgresShop);
        settings["Runbook:Notifications:Recipients:0"] = "oncall@example.test";
        using var sp = Services.BuildServices(settings);

        Assert.Contains("Runbook:Notifications:Recipients are set but no target has its outbox enabled", Assert.Single(StartupFailures(sp)), StringComparison.Ordinal);
    }
}
