using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>The <c>runbook email</c> commands end to end on a migrated outbox, with the project's exit codes.</summary>
public sealed class OutboxCliTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Send_status_process_and_failed_show_the_outbox_as_it_goes(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider);
        await sp.DisposeAsync();
        var settings = Services.Settings(OutboxDatabase.Settings(provider, shop, Sink.Port));
        var (good, rejected) = (Unique(), Unique("reject550"));
        Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync(settings, null, CancellationToken.None, args);

        var sent = await Run("email", "send", "--target", "shop", "--to", good, "--subject", "Test from Runbook", "--body", "It works.", "--actor", "jane");
        await Run("email", "send", "--target", "shop", "--to", rejected, "--subject", "Bounces");
        var before = await Run("email", "status", "--json");
        var processed = await Run("email", "process", "--target", "shop", "--limit", "10");
        var after = await Run("email", "status");
        var failed = await Run("email", "failed", "--target", "shop", "--last", "5", "--json");
        var badAddress = await Run("email", "send", "--target", "shop", "--to", "nobody", "--subject", "x");
        var badLimit = await Run("email", "process", "--limit", "0");

        Assert.Equal(0, sent.ExitCode);
        Assert.Matches("^shop: message [0-9]+ queued", sent.Output);
        Assert.Contains("\"pending\": 2", before.Output, StringComparison.Ordinal);
        Assert.Equal(1, processed.ExitCode); // one failed for good: a Warning
        Assert.Contains("shop: 2 claimed, 1 sent, 0 to retry, 1 failed", processed.Output, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Matches("shop +│ +0 +│ +0 +│ +1 +│ +1 ", after.Output);
        Assert.Contains($"\"to\": \"{rejected}\"", failed.Output, StringComparison.Ordinal);
        Assert.Contains("550 ", failed.Output, StringComparison.Ordinal);
        Assert.Equal("It works.", Assert.Single(Sink.MessagesTo(good)).Message.TextBody!.Trim());
        Assert.Equal((64, "error: 'nobody' is not an e-mail address (or a comma-separated list of them).\n"), (badAddress.ExitCode, badAddress.Error.ReplaceLineEndings("\n")));
        Assert.Equal((64, "error: The limit must be between 1 and 10000 (got 0).\n"), (badLimit.ExitCode, badLimit.Error.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task An_unreachable_smtp_server_or_a_missing_table_exits_3_and_a_target_without_an_outbox_64()
    {
        var (shop, sp, _) = await OutboxAsync("PostgreSql", LocalProcess.FreePort());
        await sp.DisposeAsync();
        var settings = Services.Settings(OutboxDatabase.Settings("PostgreSql", shop, LocalProcess.FreePort()));
        await OutboxDatabase.InsertAsync("PostgreSql", shop, Unique(), "stuck");
        var withoutOutbox = Services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", shop));
        var notMigrated = Services.Settings(OutboxDatabase.Settings("PostgreSql", await Services.Servers.CreatePostgresShopAsync(), Sink.Port));

        var down = await CliRunner.RunAsync(settings, null, CancellationToken.None, "email", "process");
        var none = await CliRunner.RunAsync(withoutOutbox, null, CancellationToken.None, "email", "status", "--target", "shop");
        var missing = await CliRunner.RunAsync(notMigrated, null, CancellationToken.None, "email", "process", "--json");

        Assert.Equal(3, down.ExitCode);
        Assert.Contains("1 given back untried, 0 purged; stopped: SMTP server 127.0.0.1:", down.Output, StringComparison.Ordinal);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("The outbox table runbook_outbox of target shop is missing or incomplete", missing.Output, StringComparison.Ordinal);
        Assert.Contains("run runbook db migrate --target shop.", missing.Output, StringComparison.Ordinal);
        Assert.Equal(64, none.ExitCode);
        Assert.Contains("Target shop has no outbox to show: set Runbook:Targets:0:Outbox:Enabled to true.", none.Error, StringComparison.Ordinal);
    }
}
