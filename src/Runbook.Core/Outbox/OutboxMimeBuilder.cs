using System.Text.Json;
using MimeKit;

namespace Runbook.Outbox;

/// <summary>
/// Turns an outbox row into the message sent: addresses parsed strictly, text and/or HTML body, the application's extra
/// headers, and a Message-Id made from the row's stable message id, so that every try of a row carries the same one.
/// </summary>
public static class OutboxMimeBuilder
{
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Message-Id", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    };

    /// <summary>
    /// The message for <paramref name="row"/>, dated <paramref name="date"/>; throws <see cref="OutboxMessageException"/>
    /// saying which column is wrong when the row cannot be sent as written.
    /// </summary>
    public static MimeMessage Build(OutboxMessage row, SmtpOptions smtp, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(smtp);
        var from = string.IsNullOrWhiteSpace(row.From)
            ? Addresses(smtp.From, "Runbook:Smtp:From").FirstOrDefault()
            : Addresses(row.From, "from_address").FirstOrDefault();
        var message = new MimeMessage { Subject = row.Subject, Date = date };
        message.From.Add(from ?? throw new OutboxMessageException("no sender: from_address is empty and Runbook:Smtp:From is not set."));
        message.To.AddRange(Addresses(row.To, "to_addresses"));
        message.Cc.AddRange(Addresses(row.Cc, "cc_addresses"));
        message.Bcc.AddRange(Addresses(row.Bcc, "bcc_addresses"));
        message.ReplyTo.AddRange(Addresses(row.ReplyTo, "reply_to"));
        if (message.To.Count + message.Cc.Count + message.Bcc.Count == 0)
        {
            throw new OutboxMessageException("no recipient: to_addresses, cc_addresses and bcc_addresses are all empty.");
        }

        message.MessageId = MessageId(row.MessageId, smtp.MessageIdDomain ?? from.Domain);
        foreach (var (name, value) in Headers(row.Headers))
        {
            message.Headers.Add(name, value);
        }

        message.Body = new BodyBuilder { TextBody = row.TextBody ?? (row.HtmlBody is null ? string.Empty : null), HtmlBody = row.HtmlBody }.ToMessageBody();
        return message;
    }

    private static List<MailboxAddress> Addresses(string? text, string column)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (!InternetAddressList.TryParse(ParserOptions.Default, text, out var list)
            || list.Mailboxes.FirstOrDefault(m => m.Address.IndexOf('@', StringComparison.Ordinal) is < 1 || m.Address.EndsWith('@')) is { } bad
            || list.Mailboxes.Count() == 0)
        {
            throw new OutboxMessageException($"{column} '{Shorten(text)}' is not a comma-separated list of e-mail addresses.");
        }

        return [.. list.Mailboxes];
    }

    private static string MessageId(string id, string domain)
    {
        var trimmed = id.Trim().Trim('<', '>');
        var value = trimmed.Contains('@', StringComparison.Ordinal) ? trimmed : $"{trimmed}@{domain}";
        if (trimmed.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ','))
        {
            throw new OutboxMessageException($"message_id '{Shorten(id)}' cannot be a Message-Id: use letters, digits and .-_ (a UUID by default).");
        }

        return value;
    }

    private static IEnumerable<(string Name, string Value)> Headers(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        Dictionary<string, string>? headers;
        try
        {
            headers = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            throw new OutboxMessageException($"headers is not a JSON object of strings ({{\"X-Order\": \"1042\"}}): {e.Message}", e);
        }

        var result = new List<(string, string)>();
        foreach (var (name, value) in headers ?? [])
        {
            if (ReservedHeaders.Contains(name) || !IsFieldName(name))
            {
                throw new OutboxMessageException($"headers: '{Shorten(name)}' cannot be an extra header (not a header name, or one Runbook sets from its own column).");
            }

            if (value is null || value.Any(c => c is '\r' or '\n'))
            {
                throw new OutboxMessageException($"headers: the value of {name} must be one line of text.");
            }

            result.Add((name, value));
        }

        return result;
    }

    // RFC 5322 field names: printable ASCII but the colon.
    private static bool IsFieldName(string name) => name.Length is > 0 and <= 76 && name.All(c => c is > ' ' and < '\u007f' and not ':');

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
