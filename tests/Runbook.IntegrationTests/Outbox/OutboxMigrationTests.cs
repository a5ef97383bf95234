using Microsoft.Extensions.DependencyInjection;
using Runbook.Operations;
using Runbook.Outbox;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary><c>runbook db migrate</c> on both engines: versioned, idempotent, safe to run twice or at once.</summary>
public sealed class OutboxMigrationTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Migrate_creates_the_table_once_and_running_it_again_changes_nothing(string provider)
    {
        var shop = await services.Servers.CreateShopAsync(provider);
        await using var sp = services.BuildServices(OutboxDatabase.Settings(provider, shop, smtpPort: 25));
        var migrator = sp.GetRequiredService<OutboxMigrator>();

        var first = Assert.Single(await migrator.MigrateAsync("shop"));
        var second = Assert.Single(await migrator.MigrateAsync(null));

        Assert.Equal(("shop", "runbook_outbox", 0, 1, "1: create the outbox table"), (first.Target, first.Table, first.FromVersion, first.ToVersion, Assert.Single(first.Applied)));
        Assert.Equal((1, 1, 0), (second.FromVersion, second.ToVersion, second.Applied.Count));
        var recorded = await OutboxDatabase.QueryAsync(provider, shop, "SELECT component, version FROM runbook_migrations");
        Assert.Equal("outbox:runbook_outbox/1", Assert.Single(recorded.Select(r => $"{r["component"]}/{r["version"]}")));
    }

    [Theory]
    [InlineData("PostgreSql", "SET TIME ZONE 'Pacific/Auckland'")]
    [InlineData("MySql", "SET time_zone = '+09:00'")]
    public async Task The_documented_insert_gets_a_message_id_pending_status_and_utc_times_whatever_the_apps_time_zone(string provider, string appTimeZone)
    {
        var shop = await services.Servers.CreateShopAsync(provider);
        await using var sp = services.BuildServices(OutboxDatabase.Settings(provider, shop, smtpPort: 25));
        await sp.GetRequiredService<OutboxMigrator>().MigrateAsync("shop");
        var before = DateTime.UtcNow.AddSeconds(-5);

        await using (var app = await OutboxDatabase.OpenAsync(provider, shop))
        {
            await using var zone = app.CreateCommand(appTimeZone, TimeSpan.FromSeconds(10));
            await zone.ExecuteNonQueryAsync();
            await using var insert = app.CreateCommand(
                "INSERT INTO runbook_outbox (to_addresses, subject, text_body) VALUES (@to, @subject, @body)", TimeSpan.FromSeconds(10), ("to", "ann@example.test"), ("subject", "Order 1"), ("body", "Thanks"));
            await insert.ExecuteNonQueryAsync();
        }

        // Read in UTC, as Runbook's sessions are.
        var row = Assert.Single(await OutboxDatabase.QueryAsync(provider, shop + (provider == "PostgreSql" ? ";Timezone=UTC" : string.Empty), "SELECT message_id, status, attempts, next_attempt_at, created_at FROM runbook_outbox"));
        Assert.Equal(36, ((string)row["message_id"]!).Length);
        Assert.Equal(("pending", 0L), ((string)row["status"]!, Convert.ToInt64(row["attempts"], System.Globalization.CultureInfo.InvariantCulture)));
        var created = ((DateTime)row["created_at"]!).ToUniversalTime();
        Assert.InRange(DateTime.SpecifyKind((DateTime)row["next_attempt_at"]!, DateTimeKind.Utc), before, DateTime.UtcNow.AddSeconds(5));
        Assert.InRange(provider == "PostgreSql" ? created : DateTime.SpecifyKind((DateTime)row["created_at"]!, DateTimeKind.Utc), before, DateTime.UtcNow.AddSeconds(5));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Four_migrations_at_once_apply_it_once_and_all_succeed(string provider)
    {
        var shop = await services.Servers.CreateShopAsync(provider);
        await using var sp = services.BuildServices(OutboxDatabase.Settings(provider, shop, smtpPort: 25, table: "mail_outbox"));
        var migrator = sp.GetRequiredService<OutboxMigrator>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => migrator.MigrateAsync("shop"))));

        Assert.Equal([0, 0, 0, 1], results.Select(r => Assert.Single(r).Applied.Count).Order());
        Assert.All(results, r => Assert.Equal(1, r[0].ToVersion));
        var recorded = await OutboxDatabase.QueryAsync(provider, shop, "SELECT version FROM runbook_migrations WHERE component = 'outbox:mail_outbox'");
        Assert.Single(recorded);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_table_of_that_name_that_is_not_the_outbox_and_a_target_without_one_are_refused_clearly(string provider)
    {
        var shop = await services.Servers.CreateShopAsync(provider);
        await using var sp = services.BuildServices(OutboxDatabase.Settings(provider, shop, smtpPort: 25, table: "email_outbox"));
        var settings = OutboxDatabase.Settings(provider, shop, smtpPort: 25);
        settings.Remove("Runbook:Targets:0:Outbox:Enabled");
        await using var without = services.BuildServices(settings);

        var foreign = await Assert.ThrowsAsync<TableConfigurationException>(() => sp.GetRequiredService<OutboxMigrator>().MigrateAsync("shop"));
        var disabled = await Assert.ThrowsAsync<InvalidRequestException>(() => without.GetRequiredService<OutboxMigrator>().MigrateAsync("shop"));
        var none = await without.GetRequiredService<OutboxMigrator>().MigrateAsync(null);

        Assert.StartsWith("Table email_outbox in target shop is not Runbook's outbox: it lacks message_id, to_addresses, cc_addresses", foreign.Message, StringComparison.Ordinal);
        Assert.Equal("Target shop has no outbox to migrate: set Runbook:Targets:0:Outbox:Enabled to true.", disabled.Message);
        Assert.Empty(none);
        Assert.Equal(310, (await OutboxDatabase.QueryAsync(provider, shop, "SELECT id FROM email_outbox")).Count);
    }

    [Fact]
    public async Task The_cli_migrates_with_exit_codes_for_done_and_unknown_targets()
    {
        var shop = await services.Servers.CreatePostgresShopAsync();
        var settings = services.Settings(OutboxDatabase.Settings("PostgreSql", shop, smtpPort: 25));

        var (code, output, error) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "db", "migrate", "--target", "shop");
        var (againCode, again, _) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "db", "migrate", "--json");
        var (unknownCode, _, unknownError) = await CliRunner.RunAsync(settings, services.Clock, CancellationToken.None, "db", "migrate", "--target", "nope");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains("shop/runbook_outbox: version 0 -> 1 (1: create the outbox table)", output, StringComparison.Ordinal);
        Assert.Equal(0, againCode);
        Assert.Contains("\"toVersion\": 1", again, StringComparison.Ordinal);
        Assert.Equal(3, unknownCode);
        Assert.Contains("nope", unknownError, StringComparison.Ordinal);
    }
}
