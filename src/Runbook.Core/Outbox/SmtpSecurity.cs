namespace Runbook.Outbox;

/// <summary>How the connection to the SMTP server is protected (<c>Runbook:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS, required: the server must offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,

    /// <summary>No encryption: only for a relay on the same host or a test sink.</summary>
    None,
}
