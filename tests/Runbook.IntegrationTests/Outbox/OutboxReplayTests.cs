using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Health;
using Runbook.Http.Hosting;
using Runbook.Operations;
using Runbook.Outbox;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>
/// Replaying failed mail (seed 003's "many failed events after release") by the operations, over HTTP and from the CLI;
/// the outbox status endpoint; and the outbox in the health check's queue section. Both engines.
/// </summary>
public sealed class OutboxReplayTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    private const string Key = "email-test-key-0123456789";

    // Three messages failed for good after five tries, one still pending.
    private async Task<long[]> FailedAsync(string provider, string shop)
    {
        var ids = new long[4];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await OutboxDatabase.InsertAsync(provider, shop, Unique(), "Order " + i);
        }

        await OutboxDatabase.ExecuteAsync(provider, shop, "UPDATE runbook_outbox SET status = 'failed', attempts = 5, last_error = '550 mailbox unavailable' WHERE id <> @id", ("id", ids[3]));
        return ids;
    }

    private static async Task<string> StatesAsync(string provider, string shop) =>
        string.Join(' ', (await OutboxDatabase.QueryAsync(provider, shop, "SELECT status, attempts FROM runbook_outbox ORDER BY id")).Select(r => $"{r["status"]}/{Int(r["attempts"])}"));

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Failed_messages_replayed_are_sent_once_by_the_next_run_and_the_replay_is_audited(string provider)
    {
        var (shop, sp, clock) = await OutboxAsync(provider, configure: s => s["Runbook:Audit:Container"] = "audit-" + Guid.NewGuid().ToString("N")[..12]);
        await using var _ = sp;
        var ids = await FailedAsync(provider, shop);
        var operations = sp.GetRequiredService<OutboxOperations>();
        var who = OperatorContext.Cli("jane");

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => operations.ReplayFailedAsync("shop", null, 2, who));
        var unchanged = await StatesAsync(provider, shop);
        var one = await operations.ReplayFailedAsync("shop", [ids[0], ids[3], 999_999], null, who);
        var rest = await operations.ReplayFailedAsync("shop", null, null, who);
        var none = await operations.ReplayFailedAsync("shop", null, null, who);
        var replayed = await StatesAsync(provider, shop);
        clock.Advance(TimeSpan.FromSeconds(1));
        var run = await ProcessAsync(sp);

        Assert.Equal("3 failed messages would be sent again, more than the limit of 2; nothing was changed. Raise \"maxRows\" (--max-rows) to 3 if that is what you mean.", refused.Message);
        Assert.Equal("failed/5 failed/5 failed/5 pending/0", unchanged);
        Assert.Equal((1, "1 failed message(s) pending again; the processor sends them within a minute; 2 of the ids given are not failed messages (unknown, or already sent or pending)"), (one.Rows, one.Detail));
        Assert.Equal((2, 0), (rest.Rows, none.Rows));
        Assert.Equal("no failed messages", none.Detail);
        Assert.Equal("pending/0 pending/0 pending/0 pending/0", replayed);
        Assert.Equal((4, 4), (run.Claimed, run.Sent));
        Assert.Equal("processed/1 processed/1 processed/1 processed/1", await StatesAsync(provider, shop));
        foreach (var row in await OutboxDatabase.QueryAsync(provider, shop, "SELECT to_addresses FROM runbook_outbox"))
        {
            Assert.Single(Sink.MessagesTo((string)row["to_addresses"]!));
        }

        var now = clock.GetUtcNow();
        var audit = await sp.GetRequiredService<AuditTrail>().ReadAsync(now.AddHours(-1), now.AddHours(1), "email.replay-failed");
        Assert.Equal(["refused:0:jane", "succeeded:1:jane", "succeeded:2:jane", "unchanged:0:jane"], audit.Select(r => $"{r.Outcome}:{r.RowsChanged}:{r.Actor}"));
    }

    [Fact]
    public async Task Too_many_ids_and_a_target_without_an_outbox_are_refused()
    {
        var (_, sp, _) = await OutboxAsync("PostgreSql");
        await using var __ = sp;
        var operations = sp.GetRequiredService<OutboxOperations>();

        var many = await Assert.ThrowsAsync<InvalidRequestException>(() => operations.ReplayFailedAsync("shop", [.. Enumerable.Range(1, 1001).Select(i => (long)i)], null, OperatorContext.Cli("jane")));
        var zero = await Assert.ThrowsAsync<InvalidRequestException>(() => operations.ReplayFailedAsync("shop", null, 0, OperatorContext.Cli("jane")));
        var unknown = await Assert.ThrowsAsync<Runbook.Targets.UnknownTargetException>(() => operations.ReplayFailedAsync("nope", null, null, OperatorContext.Cli("jane")));

        Assert.Equal("At most 1000 ids at once (got 1001); leave the ids out to replay every failed message.", many.Message);
        Assert.Equal("'maxRows' must be at least 1.", zero.Message);
        Assert.Contains("nope", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_email_endpoints_show_the_outbox_and_replay_it_with_the_callers_name(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider);
        await sp.DisposeAsync();
        var ids = await FailedAsync(provider, shop);
        var settings = Services.Settings(OutboxDatabase.Settings(provider, shop, Sink.Port));
        settings["Runbook:Serve:FunctionKeys:0"] = Key;
        settings["Runbook:Audit:Container"] = "audit-" + Guid.NewGuid().ToString("N")[..12];
        var url = $"http://127.0.0.1:{LocalProcess.FreePort()}";
        await using var app = RunbookServer.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), url);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Task<(int Status, JsonElement Body)> Send(string method, string path, string? body = null, string? actor = "jane") => OperatorApi.SendAsync(http, Key, method, path, body, actor);

        var status = await Send("GET", "/api/email/status", actor: null);
        var one = await Send("GET", "/api/email/status?target=shop", actor: null);
        var noActor = await Send("POST", "/api/email/replay-failed", """{ "target": "shop" }""", actor: null);
        var noTarget = await Send("POST", "/api/email/replay-failed", "{}");
        var noBody = await Send("POST", "/api/email/replay-failed");
        var badIds = await Send("POST", "/api/email/replay-failed", """{ "target": "shop", "ids": ["1; DROP TABLE runbook_outbox"] }""");
        var unknown = await Send("POST", "/api/email/replay-failed", """{ "target": "nope" }""");
        var badQuery = await Send("GET", "/api/email/status?tagret=shop", actor: null);
        var limited = await Send("POST", "/api/email/replay-failed", """{ "target": "shop", "maxRows": 1 }""");
        var unchanged = await StatesAsync(provider, shop);
        var replay = await Send("POST", "/api/email/replay-failed", """{ "target": "shop", "ids": [IDS] }""".Replace("IDS", $"{ids[0]}, {ids[1]}", StringComparison.Ordinal));
        var audit = await Send("GET", "/api/audit?since=1h&operation=email.replay-failed", actor: null);

        Assert.Equal(200, status.Status);
        var shopStatus = Assert.Single(status.Body.EnumerateArray());
        Assert.Equal(("shop", 1, 3), (shopStatus.GetProperty("target").GetString(), shopStatus.GetProperty("pending").GetInt32(), shopStatus.GetProperty("failed").GetInt32()));
        Assert.Equal(200, one.Status);
        Assert.Equal([400, 400, 400, 400, 404, 400, 400], new[] { noActor.Status, noTarget.Status, noBody.Status, badIds.Status, unknown.Status, badQuery.Status, limited.Status });
        Assert.Contains("\"target\" is required", noTarget.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("more than the limit of 1; nothing was changed", limited.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed/5 failed/5 failed/5 pending/0", unchanged);
        Assert.Equal((200, 2), (replay.Status, replay.Body.GetProperty("rows").GetInt32()));
        Assert.Equal("pending/0 pending/0 failed/5 pending/0", await StatesAsync(provider, shop));
        Assert.Equal(
            ["failed:jane", "refused:jane", "succeeded:jane"],
            audit.Body.EnumerateArray().Select(r => $"{r.GetProperty("outcome").GetString()}:{r.GetProperty("actor").GetString()}"));
    }

    [Fact]
    public async Task The_cli_replays_chosen_failed_messages_and_refuses_more_than_its_limit()
    {
        var (shop, sp, _) = await OutboxAsync("MySql");
        await sp.DisposeAsync();
        var ids = await FailedAsync("MySql", shop);
        var settings = Services.Settings(OutboxDatabase.Settings("MySql", shop, Sink.Port));

        var limited = await CliRunner.RunAsync(settings, "email", "replay-failed", "--target", "shop", "--max-rows", "2");
        var chosen = await CliRunner.RunAsync(settings, "email", "replay-failed", "--target", "shop", "--id", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--actor", "jane");

        Assert.Equal(64, limited.ExitCode);
        Assert.Contains("3 failed messages would be sent again, more than the limit of 2", limited.Error, StringComparison.Ordinal);
        Assert.Equal(0, chosen.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(chosen.Output).RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("failed/5 pending/0 failed/5 pending/0", await StatesAsync("MySql", shop));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_health_check_judges_the_outbox_with_the_other_queues(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider, configure: s => s["Runbook:HealthCheck:FailedItemsWarning"] = "3");
        await using var __ = sp;
        await FailedAsync(provider, shop);

        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync("shop");

        var target = Assert.Single(report.Targets);
        var outbox = Assert.Single(target.Queues, q => q.Queue == "email-outbox");
        Assert.Equal(("runbook_outbox", 1, 0, 3), (outbox.Table, (int)outbox.DepthOf("pending"), (int)outbox.DepthOf("processing"), (int)outbox.DepthOf("failed")));
        var finding = Assert.Single(target.Findings, f => f.Check == "queue:email-outbox");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.StartsWith("email-outbox: pending 1, processing 0, failed 3; 0 stuck", finding.Message, StringComparison.Ordinal);
    }
}
