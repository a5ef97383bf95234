using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>
/// Several processors at once on both engines, counted by the sink: two racing over 1,000 rows, one killed mid-batch
/// and its rows reclaimed, a late write fenced by the claim token, a locked table on the claim, a batch out of time,
/// and the purge of processed rows.
/// </summary>
public sealed class OutboxConcurrencyTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    private static readonly TimeSpan PastProcessingTimeout = TimeSpan.FromMinutes(16);

    private static async Task InsertManyAsync(string provider, string shop, string to, int count)
    {
        var series = provider == "PostgreSql"
            ? "SELECT @to, 'message ' || n FROM generate_series(1, @count) AS n"
            : "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < @count) SELECT @to, CONCAT('message ', n) FROM seq";
        await OutboxDatabase.ExecuteAsync(provider, shop, $"INSERT INTO runbook_outbox (to_addresses, subject) {series}", ("to", to), ("count", count));
    }

    private static async Task<Dictionary<string, int>> StatusCountsAsync(string provider, string shop) =>
        (await OutboxDatabase.QueryAsync(provider, shop, "SELECT status, COUNT(*) AS n FROM runbook_outbox GROUP BY status"))
            .ToDictionary(r => (string)r["status"]!, r => Int(r["n"]));

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Two_processors_racing_over_1000_rows_deliver_each_exactly_once(string provider)
    {
        var (shop, first, _) = await OutboxAsync(provider);
        await using var _ = first;
        await using var second = Services.BuildServices(s => s.AddSingleton<TimeProvider>(new SteppedClock(DateTimeOffset.UtcNow.AddSeconds(20))), OutboxDatabase.Settings(provider, shop, Sink.Port));
        var to = Unique("race");
        await InsertManyAsync(provider, shop, to, 1000);

        static async Task<int> DrainAsync(ServiceProvider sp)
        {
            var sent = 0;
            for (var result = await ProcessAsync(sp); result.Claimed > 0; result = await ProcessAsync(sp))
            {
                Assert.Null(result.Error);
                sent += result.Sent;
            }

            return sent;
        }

        var sent = await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));
        var received = Sink.MessagesTo(to);

        Assert.Equal(1000, sent.Sum());
        Assert.All(sent, n => Assert.True(n > 0, $"both processors should have sent some: {string.Join(", ", sent)}"));
        Assert.Equal(1000, received.Count);
        Assert.Equal(1000, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(1000, received.Select(m => m.Message.Subject).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["processed"] = 1000 }, await StatusCountsAsync(provider, shop));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_processor_killed_mid_batch_leaves_its_rows_to_be_reclaimed_after_the_timeout_and_each_is_sent_once(string provider)
    {
        // Each message waits 1 s in the sink: the base's 2 s send timeout left too little room on a loaded machine.
        var (shop, sp, clock) = await OutboxAsync(provider, configure: s => s["Runbook:Smtp:SendTimeout"] = "00:00:10");
        await using var _ = sp;
        var to = Unique("slow1000");
        await InsertManyAsync(provider, shop, to, 6);
        var config = Path.Combine(Path.GetTempPath(), $"runbook-outbox-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, CliRunner.ToJson(Services.Settings(OutboxDatabase.Settings(provider, shop, Sink.Port))));
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { CliRunner.RunbookDll(), "email", "process", "--target", "shop", "--config", config })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Sink.MessagesTo(to).Count < 2 && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }

            // Well inside the next recipient's 1 s wait: no message is between the sink and its row's update.
            await Task.Delay(400);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        finally
        {
            File.Delete(config);
        }

        var afterKill = await StatusCountsAsync(provider, shop);
        var tooEarly = await ProcessAsync(sp);
        clock.Advance(PastProcessingTimeout);
        var reclaimed = await ProcessAsync(sp);
        var received = Sink.MessagesTo(to);

        var (done, stuck) = (afterKill.GetValueOrDefault("processed"), afterKill.GetValueOrDefault("processing"));
        Assert.True(done >= 2 && done < 6, $"{done} sent before the kill");
        Assert.Equal(6, done + stuck);
        Assert.Equal(0, tooEarly.Claimed);
        Assert.Equal(reclaimed with { Claimed = stuck, Sent = stuck, Retrying = 0, Failed = 0, Released = 0, Superseded = 0, Error = null }, reclaimed);
        Assert.Equal(6, received.Count);
        Assert.Equal(6, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["processed"] = 6 }, await StatusCountsAsync(provider, shop));
        Assert.Equal(stuck, (await OutboxDatabase.QueryAsync(provider, shop, "SELECT id FROM runbook_outbox WHERE attempts = 2")).Count);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_late_outcome_from_a_processor_whose_row_was_reclaimed_changes_nothing_and_both_copies_carry_one_message_id(string provider)
    {
        var (shop, slow, _) = await OutboxAsync(provider, configure: s => s["Runbook:Smtp:SendTimeout"] = "00:00:10");
        await using var _ = slow;
        var later = new SteppedClock(DateTimeOffset.UtcNow.Add(PastProcessingTimeout));
        var settings = OutboxDatabase.Settings(provider, shop, Sink.Port);
        await using var reclaimer = Services.BuildServices(s => s.AddSingleton<TimeProvider>(later), settings);
        var to = Unique("slowdata2000");
        var id = await OutboxDatabase.InsertAsync(provider, shop, to, "reclaimed while in flight");

        var first = Task.Run(() => ProcessAsync(slow));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Sink.MessagesTo(to).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var second = await ProcessAsync(reclaimer);
        var late = await first;
        var row = await OutboxDatabase.RowAsync(provider, shop, id);
        var received = Sink.MessagesTo(to);

        Assert.Equal((1, 1, 0), (second.Claimed, second.Sent, second.Superseded));
        Assert.Equal((1, 0, 1), (late.Claimed, late.Sent, late.Superseded));
        Assert.Equal(("processed", 2, null), ((string)row["status"]!, Int(row["attempts"]), row["claim_token"]));
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(m => m.Message.MessageId).Distinct());
    }

    [Theory]
    [InlineData("PostgreSql", "LOCK TABLE runbook_outbox IN ACCESS EXCLUSIVE MODE")]
    [InlineData("MySql", "LOCK TABLES runbook_outbox WRITE")]
    public async Task A_claim_that_meets_a_lock_is_tried_again_without_counting_an_attempt(string provider, string lockTable)
    {
        var (shop, sp, _) = await OutboxAsync(provider, configure: s => s["Runbook:Outbox:LockTimeout"] = "00:00:00.500");
        await using var _ = sp;
        var to = Unique();
        var id = await OutboxDatabase.InsertAsync(provider, shop, to, "after the lock");

        await using var app = await OutboxDatabase.OpenAsync(provider, shop);
        await using var transaction = await app.BeginTransactionAsync();
        await using (var command = app.CreateCommand(lockTable, TimeSpan.FromSeconds(10)))
        {
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync();
        }

        var processing = Task.Run(() => ProcessAsync(sp));
        await Task.Delay(1500);
        if (provider == "PostgreSql")
        {
            await transaction.CommitAsync();
        }
        else
        {
            await using var unlock = app.CreateCommand("UNLOCK TABLES", TimeSpan.FromSeconds(10));
            unlock.Transaction = transaction;
            await unlock.ExecuteNonQueryAsync();
        }

        var result = await processing;
        var row = await OutboxDatabase.RowAsync(provider, shop, id);

        Assert.True(result.ClaimRetries >= 1, $"{result.ClaimRetries} claim retries");
        Assert.Equal((1, 1, null), (result.Claimed, result.Sent, result.Error));
        Assert.Equal(("processed", 1), ((string)row["status"]!, Int(row["attempts"])));
        Assert.Single(Sink.MessagesTo(to));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_batch_that_runs_out_of_time_gives_back_what_it_did_not_try_before_it_could_be_reclaimed(string provider)
    {
        // Sending may go on until 10.5 s − 2 × 3.5 s = 3.5 s after the claim: each message takes 2 s, so the third is
        // never tried. Each answer is 1.5 s inside the send timeout, room enough on a loaded machine.
        var (shop, sp, _) = await OutboxAsync(provider, configure: s => (s["Runbook:Smtp:SendTimeout"], s["Runbook:Outbox:ProcessingTimeout"]) = ("00:00:03.500", "00:00:10.500"));
        await using var _ = sp;
        var to = Unique("slow2000");
        await InsertManyAsync(provider, shop, to, 3);

        var result = await ProcessAsync(sp);
        var left = await OutboxDatabase.QueryAsync(provider, shop, "SELECT status, attempts, claim_token FROM runbook_outbox WHERE status <> 'processed'");

        Assert.Equal(3, result.Claimed);
        Assert.InRange(result.Released, 1, 2);
        Assert.Equal(3, result.Sent + result.Released);
        Assert.Equal(result.Sent, Sink.MessagesTo(to).Count);
        Assert.Equal(result.Released, left.Count);
        Assert.All(left, row => Assert.Equal(("pending", 0, null), ((string)row["status"]!, Int(row["attempts"]), row["claim_token"])));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Processed_rows_past_the_retention_are_purged_and_pending_and_failed_rows_kept(string provider)
    {
        var (shop, sp, clock) = await OutboxAsync(provider, configure: s => s["Runbook:Outbox:PurgeBatchSize"] = "3");
        await using var _ = sp;
        await InsertManyAsync(provider, shop, Unique(), 5);
        var now = clock.GetUtcNow().UtcDateTime;
        await OutboxDatabase.ExecuteAsync(provider, shop, "UPDATE runbook_outbox SET status = 'processed', processed_at = @old WHERE id <= 4", ("old", now.AddDays(-8)));
        await OutboxDatabase.ExecuteAsync(provider, shop, "UPDATE runbook_outbox SET status = 'failed', next_attempt_at = @old WHERE id = 5", ("old", now.AddDays(-30)));
        await OutboxDatabase.InsertAsync(provider, shop, Unique("defer451"), "stays pending");

        var first = await ProcessAsync(sp);
        var second = await ProcessAsync(sp);

        Assert.Equal((3, 1), (first.Purged, second.Purged));
        Assert.Equal(new Dictionary<string, int> { ["failed"] = 1, ["pending"] = 1 }, await StatusCountsAsync(provider, shop));
    }
}
