using Microsoft.Extensions.DependencyInjection;
using Runbook.Scheduling;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>The every-minute timer through the one timer wrapper: it sends, says what it did, and fails the tick when SMTP is down.</summary>
public sealed class OutboxTimerTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_tick_sends_the_due_messages_of_every_enabled_outbox(string provider)
    {
        var (shop, sp, clock) = await OutboxAsync(provider);
        await using (sp)
        {
            var to = Unique();
            await OutboxDatabase.InsertAsync(provider, shop, to, "Sent by the timer");
            clock.Advance(TimeSpan.FromSeconds(30)); // the row's time is the server's: due even on a slow machine

            var run = await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.EmailOutbox, isPastDue: false);

            Assert.True(run.Ran);
            Assert.Equal("1 sent, 0 to retry, 0 failed for good across 1 outbox(es)", run.Outcome);
            Assert.Equal("Sent by the timer", Assert.Single(Sink.MessagesTo(to)).Message.Subject);
        }
    }

    [Fact]
    public async Task A_tick_with_the_smtp_server_down_fails_naming_it_and_keeps_the_message()
    {
        var (shop, sp, clock) = await OutboxAsync("PostgreSql", smtpPort: LocalProcess.FreePort());
        await using (sp)
        {
            await OutboxDatabase.InsertAsync("PostgreSql", shop, Unique(), "Waits for SMTP");
            clock.Advance(TimeSpan.FromSeconds(30));

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.EmailOutbox, isPastDue: false));

            Assert.StartsWith("0 sent, 0 to retry, 0 failed for good across 1 outbox(es); stopped short on shop: ", failure.Message, StringComparison.Ordinal);
            var status = Assert.Single(await sp.GetRequiredService<Runbook.Outbox.OutboxOperations>().StatusAsync("shop"));
            Assert.Equal((1L, 0L, 0L, 0L), (status.Pending, status.Processing, status.Processed, status.Failed));
        }
    }

    [Fact]
    public async Task Without_an_enabled_outbox_a_tick_does_nothing_and_says_so()
    {
        await using var sp = Services.BuildServices(ShopFixture.ShopTarget(0, "shop", "PostgreSql", Services.PostgresShop));

        var run = await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.EmailOutbox, isPastDue: false);

        Assert.Equal("no outbox is enabled (Runbook:Targets:N:Outbox:Enabled)", run.Outcome);
    }
}
