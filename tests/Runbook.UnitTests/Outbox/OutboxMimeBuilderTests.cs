using Runbook.Outbox;

namespace Runbook.UnitTests.Outbox;

/// <summary>An outbox row as the message sent, and the rows that can never be sent, each saying which column is wrong.</summary>
public sealed class OutboxMimeBuilderTests
{
    private static readonly SmtpOptions Smtp = new() { From = "Shop <shop@example.test>" };
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Row(string to = "ann@example.test", string? headers = null, string messageId = "6f1c2d7e-0000-4000-8000-000000000001", string? from = null) =>
        new(1, messageId, to, null, null, from, null, "Subject", "Body", null, headers, 1);

    [Theory]
    [InlineData("6f1c2d7e-0000-4000-8000-000000000001", null, "6f1c2d7e-0000-4000-8000-000000000001@example.test")]
    [InlineData("6f1c2d7e", "mail.shop.example", "6f1c2d7e@mail.shop.example")]
    [InlineData("<order-1042@shop.example>", null, "order-1042@shop.example")]
    public void The_message_id_comes_from_the_row_and_the_senders_domain(string messageId, string? domain, string expected)
    {
        var message = OutboxMimeBuilder.Build(Row(messageId: messageId), new SmtpOptions { From = Smtp.From, MessageIdDomain = domain }, Now);

        Assert.Equal(expected, message.MessageId);
        Assert.Equal(Now, message.Date);
    }

    [Theory]
    [InlineData("ann@example.test, \"Bob B\" <bob@example.test>", null, null, null)]
    [InlineData("", null, null, "no recipient")]
    [InlineData("ann", null, null, "to_addresses 'ann' is not a comma-separated list of e-mail addresses.")]
    [InlineData("ann@example.test", "{\"X-Tag\": \"a\"}", null, null)]
    [InlineData("ann@example.test", "{\"Message-Id\": \"x\"}", null, "headers: 'Message-Id' cannot be an extra header")]
    [InlineData("ann@example.test", "{\"X-Bad\": \"a\\r\\nBcc: spy@example.test\"}", null, "headers: the value of X-Bad must be one line of text.")]
    [InlineData("ann@example.test", "[1, 2]", null, "headers is not a JSON object of strings")]
    [InlineData("ann@example.test", null, "not-a-sender", "from_address 'not-a-sender' is not a comma-separated list of e-mail addresses.")]
    public void Rows_are_built_or_refused_naming_the_column(string to, string? headers, string? from, string? error)
    {
        var build = () => OutboxMimeBuilder.Build(Row(to, headers, from: from), Smtp, Now);

        if (error is null)
        {
            Assert.NotEmpty(build().To);
        }
        else
        {
            Assert.StartsWith(error, Assert.Throws<OutboxMessageException>(build).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("abc def")]
    [InlineData(" ")]
    public void A_message_id_that_cannot_be_a_header_is_refused(string messageId)
    {
        var error = Assert.Throws<OutboxMessageException>(() => OutboxMimeBuilder.Build(Row(messageId: messageId), Smtp, Now));

        Assert.StartsWith("message_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_sender_anywhere_the_row_is_refused()
    {
        var error = Assert.Throws<OutboxMessageException>(() => OutboxMimeBuilder.Build(Row(), new SmtpOptions(), Now));

        Assert.Equal("no sender: from_address is empty and Runbook:Smtp:From is not set.", error.Message);
    }
}
