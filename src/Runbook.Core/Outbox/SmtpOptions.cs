using Runbook.Configuration;

namespace Runbook.Outbox;

/// <summary>The SMTP server the outbox sends through (<c>Runbook:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Runbook:Smtp";

    /// <summary>The server's host name; required when a target's outbox is enabled.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port.</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default), <c>Tls</c> or <c>None</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user to authenticate as; without it Runbook does not authenticate.</summary>
    public string? User { get; set; }

    /// <summary>The password itself (local use). Set this or <see cref="PasswordSecret"/> with <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The name of a Key Vault secret (in <c>Runbook:KeyVault:VaultUri</c>) holding the password.</summary>
    public string? PasswordSecret { get; set; }

    /// <summary>The sender of messages whose row names none.</summary>
    public string? From { get; set; }

    /// <summary>The domain of generated Message-Ids; by default the sender's domain.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>The longest one connect or one message may take; well below <see cref="OutboxOptions.ProcessingTimeout"/>.</summary>
    [Duration("00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
