namespace Runbook.Targets;

/// <summary>The Key Vault that holds target connection strings (<c>Runbook:KeyVault</c>).</summary>
public sealed class KeyVaultOptions
{
    /// <summary>The vault's address, for example <c>https://my-vault.vault.azure.net/</c>.</summary>
    public Uri? VaultUri { get; set; }
}
