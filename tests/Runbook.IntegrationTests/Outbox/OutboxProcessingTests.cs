using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Outbox;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>
/// The outbox processor against a real SMTP server (the sink) on both engines: content, headers and Message-Id;
/// 4xx, 5xx, slow and down servers; retries with back-off; rows that can never be sent; replay.
/// </summary>
public sealed class OutboxProcessingTests(ShopFixture services, SmtpSinkFixture sinks) : OutboxTestBase(services, sinks), IClassFixture<ShopFixture>, IClassFixture<SmtpSinkFixture>
{
    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Messages_arrive_with_their_content_headers_and_a_message_id_made_from_the_row(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider);
        await using var _ = sp;
        var (to, cc, bcc) = (Unique(), Unique("carl"), Unique("bea"));
        var plain = await OutboxDatabase.InsertAsync(provider, shop, $"\"Ann Example\" <{to}>", "Your order 1042", text: "Thanks for your order.\nIt ships today.", cc: cc, bcc: bcc, replyTo: "help@shop.example", headers: "{\"X-Order\": \"1042\"}");
        var rich = await OutboxDatabase.InsertAsync(provider, shop, to, "Räksmörgås 🎉", text: "plain part", html: "<p>html <b>part</b></p>", from: "Billing <billing@shop.example>", messageId: "<order-1042@shop.example>");

        var result = await ProcessAsync(sp);
        var again = await ProcessAsync(sp);

        Assert.Equal((2, 2, 0, 0, 0, null), (result.Claimed, result.Sent, result.Retrying, result.Failed, result.Released, result.Error));
        Assert.Equal(0, again.Claimed);
        var first = Assert.Single(Sink.MessagesTo(bcc));
        var row = await OutboxDatabase.RowAsync(provider, shop, plain);
        Assert.Equal(("processed", 1, null), ((string)row["status"]!, Int(row["attempts"]), row["claim_token"]));
        Assert.NotNull(row["processed_at"]);
        Assert.Equal($"{row["message_id"]}@example.test", first.Message.MessageId);
        Assert.Equal("shop@example.test", first.MailFrom);
        Assert.Equal(new[] { to, cc, bcc }.Order(), first.RcptTo.Order());
        Assert.Equal("\"Shop\" <shop@example.test>", first.Message.From.ToString());
        Assert.Equal($"\"Ann Example\" <{to}>", first.Message.To.ToString());
        Assert.Equal(cc, first.Message.Cc.ToString());
        Assert.Empty(first.Message.Bcc);
        Assert.False(first.Message.Headers.Contains("Bcc"));
        Assert.Equal("help@shop.example", first.Message.ReplyTo.ToString());
        Assert.Equal("Your order 1042", first.Message.Subject);
        Assert.Equal("1042", first.Message.Headers["X-Order"]);
        Assert.Equal("Thanks for your order.\nIt ships today.", first.Message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));

        var second = Sink.MessagesTo(to).Single(m => m.Message.MessageId == "order-1042@shop.example");
        Assert.Equal(("billing@shop.example", "Räksmörgås 🎉"), (second.MailFrom, second.Message.Subject));
        Assert.Equal(("plain part", "<p>html <b>part</b></p>"), (second.Message.TextBody!.Trim(), second.Message.HtmlBody!.Trim()));
        Assert.Equal("multipart/alternative", second.Message.Body!.ContentType.MimeType);
        Assert.Equal("processed", (await OutboxDatabase.RowAsync(provider, shop, rich))["status"]);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_4xx_is_retried_with_doubling_waits_until_the_attempts_are_used_and_a_5xx_fails_at_once(string provider)
    {
        var (shop, sp, clock) = await OutboxAsync(provider);
        await using var _ = sp;
        var deferred = await OutboxDatabase.InsertAsync(provider, shop, Unique("defer451"), "deferred");
        var rejected = await OutboxDatabase.InsertAsync(provider, shop, Unique("reject550"), "rejected");
        var good = Unique();
        await OutboxDatabase.InsertAsync(provider, shop, good, "good");

        var first = await ProcessAsync(sp);
        var afterFirst = await OutboxDatabase.RowAsync(provider, shop, deferred);
        var failed = await OutboxDatabase.RowAsync(provider, shop, rejected);
        var waits = new List<double>();
        var now = clock.GetUtcNow();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            var row = await OutboxDatabase.RowAsync(provider, shop, deferred);
            waits.Add(Math.Round((Utc(row["next_attempt_at"]) - now.UtcDateTime).TotalSeconds));
            Assert.Equal(0, (await ProcessAsync(sp)).Claimed); // not due yet
            clock.Advance(Utc(row["next_attempt_at"]) - now.UtcDateTime);
            now = clock.GetUtcNow();
            Assert.Equal(1, (await ProcessAsync(sp)).Claimed);
        }

        var last = await OutboxDatabase.RowAsync(provider, shop, deferred);

        Assert.Equal((3, 1, 1, 1), (first.Claimed, first.Sent, first.Retrying, first.Failed));
        Assert.Equal(("pending", 1), ((string)afterFirst["status"]!, Int(afterFirst["attempts"])));
        Assert.StartsWith("451 ", (string)afterFirst["last_error"]!, StringComparison.Ordinal);
        Assert.Contains("try again later", (string)afterFirst["last_error"]!, StringComparison.Ordinal);
        Assert.Equal(("failed", 1), ((string)failed["status"]!, Int(failed["attempts"])));
        Assert.Matches("^550 .*mailbox unavailable \\(permanent\\)$", (string)failed["last_error"]!);
        Assert.Equal([60, 120, 240, 480], waits);
        Assert.Equal(("failed", 5), ((string)last["status"]!, Int(last["attempts"])));
        Assert.Single(Sink.MessagesTo(good));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Rows_that_can_never_be_sent_fail_at_once_saying_why_and_a_replay_sends_them_once_fixed(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider);
        await using var _ = sp;
        var noRecipient = await OutboxDatabase.InsertAsync(provider, shop, "", "nobody");
        var badAddress = await OutboxDatabase.InsertAsync(provider, shop, "not an address", "bad address");
        var badHeaders = await OutboxDatabase.InsertAsync(provider, shop, Unique(), "bad headers", headers: "{\"Bcc\": \"spy@example.test\"}");
        var badJson = await OutboxDatabase.InsertAsync(provider, shop, Unique(), "bad json", headers: "X-Order: 1");
        var good = Unique();
        await OutboxDatabase.InsertAsync(provider, shop, good, "fine");

        var result = await ProcessAsync(sp);
        var errors = new List<string>();
        foreach (var id in new[] { noRecipient, badAddress, badHeaders, badJson })
        {
            var row = await OutboxDatabase.RowAsync(provider, shop, id);
            Assert.Equal("failed", row["status"]);
            errors.Add((string)row["last_error"]!);
        }

        var fixedTo = Unique("fixed");
        var messageId = (string)(await OutboxDatabase.RowAsync(provider, shop, badAddress))["message_id"]!;
        await OutboxDatabase.ExecuteAsync(provider, shop, "UPDATE runbook_outbox SET to_addresses = @to WHERE id = @id", ("to", fixedTo), ("id", badAddress));
        var withoutReplay = await ProcessAsync(sp);
        var replay = await ProcessAsync(sp, includeFailed: true);
        var replayed = await OutboxDatabase.RowAsync(provider, shop, badAddress);

        Assert.Equal((5, 1, 4), (result.Claimed, result.Sent, result.Failed));
        Assert.Equal(
        [
            "no recipient: to_addresses, cc_addresses and bcc_addresses are all empty.",
            "to_addresses 'not an address' is not a comma-separated list of e-mail addresses.",
            "headers: 'Bcc' cannot be an extra header (not a header name, or one Runbook sets from its own column).",
        ], errors[..3]);
        Assert.StartsWith("headers is not a JSON object of strings", errors[3], StringComparison.Ordinal);
        Assert.Equal(0, withoutReplay.Claimed);
        Assert.Equal((4, 1, 3), (replay.Claimed, replay.Sent, replay.Failed));
        Assert.Equal(("processed", 1), ((string)replayed["status"]!, Int(replayed["attempts"])));
        Assert.Equal($"{messageId}@example.test", Assert.Single(Sink.MessagesTo(fixedTo)).Message.MessageId);
        Assert.Equal(5, Int((await OutboxDatabase.QueryAsync(provider, shop, "SELECT COUNT(*) AS n FROM runbook_outbox"))[0]["n"])); // nothing lost
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task An_smtp_server_that_is_down_fails_the_run_counts_no_attempt_and_the_mail_goes_once_it_is_up(string provider)
    {
        var port = LocalProcess.FreePort();
        var (shop, sp, _) = await OutboxAsync(provider, port);
        await using var _ = sp;
        var to = Unique();
        var id = await OutboxDatabase.InsertAsync(provider, shop, to, "while down");

        var down = await ProcessAsync(sp);
        var row = await OutboxDatabase.RowAsync(provider, shop, id);
        await using var sink = await SmtpSink.StartAsync(port);
        var up = await ProcessAsync(sp);

        Assert.Equal((1, 0, 1), (down.Claimed, down.Sent, down.Released));
        Assert.StartsWith($"SMTP server 127.0.0.1:{port} unavailable: ", down.Error, StringComparison.Ordinal);
        Assert.Equal(("pending", 0, null), ((string)row["status"]!, Int(row["attempts"]), row["claim_token"]));
        Assert.Equal(down.Error, row["last_error"]);
        Assert.Equal((1, 1, null), (up.Claimed, up.Sent, up.Error));
        Assert.Single(sink.MessagesTo(to));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_slow_answer_times_out_as_a_retry_and_the_rest_of_the_batch_goes_on_a_new_connection(string provider)
    {
        var (shop, sp, _) = await OutboxAsync(provider, configure: s => s["Runbook:Smtp:SendTimeout"] = "00:00:01");
        await using var _ = sp;
        var slow = await OutboxDatabase.InsertAsync(provider, shop, Unique("slow4000"), "slow");
        var after = Unique();
        await OutboxDatabase.InsertAsync(provider, shop, after, "after the slow one");

        var result = await ProcessAsync(sp);
        var row = await OutboxDatabase.RowAsync(provider, shop, slow);

        Assert.Equal((2, 1, 1), (result.Claimed, result.Sent, result.Retrying));
        Assert.Equal(("pending", 1, "no answer within 1 s (Runbook:Smtp:SendTimeout)"), ((string)row["status"]!, Int(row["attempts"]), (string?)row["last_error"]));
        Assert.Single(Sink.MessagesTo(after));
    }

    [Fact]
    public async Task A_refused_login_and_a_missing_starttls_give_the_rows_back_and_the_right_password_sends()
    {
        await using var secured = await SmtpSink.StartAsync(user: "runbook", password: "right-password");
        var (shop, wrong, _) = await OutboxAsync("PostgreSql", secured.Port, s => (s["Runbook:Smtp:User"], s["Runbook:Smtp:Password"]) = ("runbook", "wrong-password"));
        await using var _ = wrong;
        var to = Unique();
        await OutboxDatabase.InsertAsync("PostgreSql", shop, to, "authenticated");
        var settings = OutboxDatabase.Settings("PostgreSql", shop, secured.Port);
        (settings["Runbook:Smtp:User"], settings["Runbook:Smtp:Password"]) = ("runbook", "right-password");
        var clock = new SteppedClock(DateTimeOffset.UtcNow.AddSeconds(20)); // rows given back are due at once on the clock that gave them back
        await using var right = Services.BuildServices(s => s.AddSingleton<TimeProvider>(clock), settings);
        settings["Runbook:Smtp:Security"] = "StartTls";
        await using var startTls = Services.BuildServices(s => s.AddSingleton<TimeProvider>(clock), settings);

        var refused = await ProcessAsync(wrong);
        var noTls = await ProcessAsync(startTls);
        var sent = await ProcessAsync(right);

        Assert.Equal((1, 1), (refused.Released, noTls.Released));
        Assert.Contains("AuthenticationException", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("password", refused.Error!.Replace("Authentication", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("STARTTLS", noTls.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, null), (sent.Sent, sent.Error));
        Assert.Single(secured.MessagesTo(to));
    }

    [Fact]
    public async Task A_password_in_key_vault_is_read_again_when_the_server_refuses_it_so_a_rotation_needs_no_restart()
    {
        await using var secured = await SmtpSink.StartAsync(user: "runbook", password: "rotated-password");
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["smtp-password"] = "old-password";
        var (shop, plain, clock) = await OutboxAsync("PostgreSql", secured.Port);
        await plain.DisposeAsync();
        var settings = OutboxDatabase.Settings("PostgreSql", shop, secured.Port);
        (settings["Runbook:Smtp:User"], settings["Runbook:Smtp:PasswordSecret"], settings["Runbook:KeyVault:VaultUri"]) = ("runbook", "smtp-password", vault.VaultUri.ToString());
        await using var sp = Services.BuildServices(s => s.AddSingleton(vault.CreateClient()).AddSingleton<TimeProvider>(clock), settings);
        var to = Unique();
        await OutboxDatabase.InsertAsync("PostgreSql", shop, to, "after the rotation");

        var refused = await ProcessAsync(sp);
        vault.Secrets["smtp-password"] = "rotated-password";
        var sent = await ProcessAsync(sp);

        Assert.Equal((1, 0), (refused.Released, refused.Sent));
        Assert.Contains("AuthenticationException", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("old-password", refused.Error, StringComparison.Ordinal);
        Assert.Equal((1, null), (sent.Sent, sent.Error));
        Assert.Single(secured.MessagesTo(to));
    }
}
