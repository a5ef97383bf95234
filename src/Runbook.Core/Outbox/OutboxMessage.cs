namespace Runbook.Outbox;

/// <summary>One claimed row of the outbox, as the application wrote it.</summary>
/// <param name="Id">The row's key.</param>
/// <param name="MessageId">The stable message id (the same on every try), from which the Message-Id header is made.</param>
/// <param name="To">The To addresses, comma-separated (<c>ann@example.com, "Bob" &lt;bob@example.com&gt;</c>).</param>
/// <param name="Cc">The Cc addresses, if any.</param>
/// <param name="Bcc">The Bcc addresses, if any (in the envelope, never in the headers).</param>
/// <param name="From">The sender, or null for <see cref="SmtpOptions.From"/>.</param>
/// <param name="ReplyTo">The Reply-To addresses, if any.</param>
/// <param name="Subject">The subject.</param>
/// <param name="TextBody">The plain-text body, if any.</param>
/// <param name="HtmlBody">The HTML body, if any (both: multipart/alternative).</param>
/// <param name="Headers">Extra headers as a JSON object of strings (<c>{"X-Order": "1042"}</c>), if any.</param>
/// <param name="Attempts">Tries started, this one included.</param>
public sealed record OutboxMessage(
    long Id, string MessageId, string To, string? Cc, string? Bcc, string? From, string? ReplyTo, string Subject, string? TextBody, string? HtmlBody, string? Headers, int Attempts);
