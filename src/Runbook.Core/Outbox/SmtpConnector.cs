using Azure.Security.KeyVault.Secrets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>
/// Opens one authenticated SMTP connection for a batch (<c>Runbook:Smtp</c>), within the send timeout. A password kept
/// in Key Vault is reused for <see cref="KeyVaultOptions.SecretCacheDuration"/> and read again at once when the server
/// refuses the login, so a rotated password is picked up without a restart. Virtual, so tests can inject faults.
/// </summary>
public class SmtpConnector
{
    private readonly SmtpOptions _options = new();
    private readonly KeyVaultOptions _keyVault = new();
    private readonly SecretClient? _secrets;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Password, DateTimeOffset ReadAt)? _cached;

    /// <summary>For mocking.</summary>
    protected SmtpConnector()
    {
    }

    /// <summary>Creates the connector (normally by dependency injection).</summary>
    public SmtpConnector(IOptions<SmtpOptions> options, IOptions<RunbookOptions> targets, TimeProvider time, SecretClient? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        _options = options.Value;
        _keyVault = targets.Value.KeyVault;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _secrets = secrets;
    }

    /// <summary>
    /// A connected (and, with a user, authenticated) client; its <see cref="SmtpClient.Timeout"/> is the send timeout.
    /// Throws what MailKit or the network throws when the server cannot be reached or refuses the login.
    /// </summary>
    public virtual async Task<ISmtpClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.SendTimeout);
        var client = new SmtpClient { Timeout = (int)Math.Ceiling(_options.SendTimeout.TotalMilliseconds) };
        try
        {
            var security = _options.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(_options.Host ?? throw new InvalidOperationException($"{SmtpOptions.SectionName}:Host is not set."), _options.Port, security, deadline.Token);
            if (!string.IsNullOrWhiteSpace(_options.User))
            {
                try
                {
                    await client.AuthenticateAsync(_options.User, await PasswordAsync(refresh: false, deadline.Token), deadline.Token);
                }
                catch (AuthenticationException) when (_options.PasswordSecret is not null)
                {
                    await client.AuthenticateAsync(_options.User, await PasswordAsync(refresh: true, deadline.Token), deadline.Token);
                }
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<string> PasswordAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (_options.PasswordSecret is null)
        {
            return _options.Password ?? string.Empty;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && _cached is { } cached && _time.GetUtcNow() - cached.ReadAt < _keyVault.SecretCacheDuration)
            {
                return cached.Password;
            }

            var secrets = _secrets ?? throw new InvalidOperationException($"{SmtpOptions.SectionName}:PasswordSecret names a Key Vault secret but Runbook:KeyVault:VaultUri is not set.");
            var secret = await secrets.GetSecretAsync(_options.PasswordSecret, cancellationToken: cancellationToken);
            _cached = (secret.Value.Value, _time.GetUtcNow());
            return secret.Value.Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
