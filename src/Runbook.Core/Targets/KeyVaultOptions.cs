using Runbook.Configuration;

namespace Runbook.Targets;

/// <summary>The Key Vault that holds target connection strings (<c>Runbook:KeyVault</c>).</summary>
public sealed class KeyVaultOptions
{
    /// <summary>The vault's address, for example <c>https://my-vault.vault.azure.net/</c>.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>
    /// How long a connection string read from the vault is reused before it is read again. A login that fails re-reads
    /// it at once, so a rotated password is picked up without a restart.
    /// </summary>
    [Duration("00:00:00", "1.00:00:00")]
    public TimeSpan SecretCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
