using MimeKit;

namespace Runbook.Testing;

/// <summary>One message the SMTP sink accepted: its envelope and the message as received.</summary>
/// <param name="MailFrom">The envelope sender (MAIL FROM).</param>
/// <param name="RcptTo">The envelope recipients (RCPT TO), Bcc included.</param>
/// <param name="Message">The message, parsed.</param>
public sealed record SinkMessage(string MailFrom, IReadOnlyList<string> RcptTo, MimeMessage Message);
