using Microsoft.Extensions.DependencyInjection;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Targets;

/// <summary>Sessions on the real servers: one pooled data source per target, and the Key Vault cache.</summary>
public sealed class TargetSessionTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static readonly TargetSessionOptions Options = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), "Runbook:HealthCheck:ConnectTimeout");

    [Theory]
    [InlineData("PostgreSql", "SELECT pg_backend_pid()")]
    [InlineData("MySql", "SELECT CONNECTION_ID()")]
    public async Task Runs_reuse_the_targets_pooled_connection_and_the_session_is_in_utc(string provider, string sessionIdSql)
    {
        var connectionString = provider == "PostgreSql" ? services.PostgresShop : services.MariaDbShop;
        await using var sp = services.BuildServices(ShopFixture.ShopTarget(0, "shop", provider, connectionString));
        var factory = sp.GetRequiredService<TargetSessionFactory>();
        var target = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RunbookOptions>>().Value.Targets[0];

        long first, second;
        string zone;
        await using (var session = await factory.OpenAsync(target, Options))
        {
            first = Convert.ToInt64(await session.Connection.ScalarAsync<object>(sessionIdSql, TimeSpan.FromSeconds(5), CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);
            zone = (await session.Connection.ScalarAsync<string>(provider == "PostgreSql" ? "SELECT current_setting('TimeZone')" : "SELECT @@session.time_zone", TimeSpan.FromSeconds(5), CancellationToken.None))!;
        }

        await using (var session = await factory.OpenAsync(target, Options))
        {
            second = Convert.ToInt64(await session.Connection.ScalarAsync<object>(sessionIdSql, TimeSpan.FromSeconds(5), CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(first, second);
        Assert.Contains(zone, new[] { "UTC", "+00:00" });
    }

    [Fact]
    public async Task A_connection_string_from_key_vault_is_read_again_once_the_cache_has_expired()
    {
        await using var vault = await KeyVaultStub.StartAsync();
        vault.Secrets["shop-db"] = services.MariaDbShop;
        var clock = new SteppedClock(services.Servers.SeededAt);
        var configuration = new Dictionary<string, string?>
        {
            ["Runbook:KeyVault:VaultUri"] = vault.VaultUri.ToString(),
            ["Runbook:KeyVault:SecretCacheDuration"] = "00:01:00",
            ["Runbook:Targets:0:Name"] = "shop",
            ["Runbook:Targets:0:Provider"] = "MySql",
            ["Runbook:Targets:0:ConnectionStringSecret"] = "shop-db",
        };
        await using var sp = services.BuildServices(s => s.AddSingleton(vault.CreateClient()).AddSingleton<TimeProvider>(clock), configuration);
        var factory = sp.GetRequiredService<TargetSessionFactory>();
        var target = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RunbookOptions>>().Value.Targets[0];

        await (await factory.OpenAsync(target, Options)).DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(59));
        await (await factory.OpenAsync(target, Options)).DisposeAsync();
        var withinCache = vault.AuthorizedRequests;
        clock.Advance(TimeSpan.FromSeconds(2));
        await (await factory.OpenAsync(target, Options)).DisposeAsync();

        Assert.Equal(1, withinCache);
        Assert.Equal(2, vault.AuthorizedRequests);
    }
}
