using Microsoft.Extensions.DependencyInjection;
using Runbook.Health;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Targets;

/// <summary>Connection strings read from Key Vault with the real SecretClient, against a local HTTPS stand-in.</summary>
public sealed class KeyVaultConnectionTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static Dictionary<string, string?> SecretTarget(Uri vault, string secret) => new()
    {
        ["Runbook:KeyVault:VaultUri"] = vault.ToString(),
        ["Runbook:Targets:0:Name"] = "shop",
        ["Runbook:Targets:0:Provider"] = "MySql",
        ["Runbook:Targets:0:ConnectionStringSecret"] = secret,
        ["Runbook:Targets:0:ErrorLog:Table"] = "error_log",
    };

    [Fact]
    public async Task A_target_whose_connection_string_is_a_key_vault_secret_is_checked()
    {
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["shop-db"] = services.MariaDbShop;
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()), SecretTarget(vault.VaultUri, "shop-db"));

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.True(target.Reachable);
        Assert.Equal(SampleShop.ErrorsLast24Hours, target.ErrorLog!.ErrorCount);
        Assert.Equal(1, vault.AuthorizedRequests);
    }

    [Fact]
    public async Task An_invalid_connection_string_in_the_vault_is_a_critical_finding_that_never_shows_it()
    {
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["shop-db"] = "Server=127.0.0.1;Password=Tr0ub4dor;3=x";
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()), SecretTarget(vault.VaultUri, "shop-db"));

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        var finding = Assert.Single(target.Findings);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("Cannot connect to shop: the connection string in Key Vault secret 'shop-db' is not a valid MySql connection string (the value is not shown).", finding.Message);
    }

    [Fact]
    public async Task A_missing_secret_is_a_critical_finding_that_names_it()
    {
        await using var vault = await KeyVaultStub.StartAsync();
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()), SecretTarget(vault.VaultUri, "rotated-away"));

        var target = Assert.Single((await sp.GetRequiredService<HealthCheckJob>().RunAsync()).Targets);

        Assert.False(target.Reachable);
        var finding = Assert.Single(target.Findings);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("Cannot connect to shop: A secret with (name/id) rotated-away was not found in this key vault.", finding.Message);
        Assert.DoesNotContain(services.MariaDbShop, finding.Message, StringComparison.Ordinal);
    }
}
