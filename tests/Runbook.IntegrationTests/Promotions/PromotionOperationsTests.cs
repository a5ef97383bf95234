using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Audit;
using Runbook.Operations;
using Runbook.Promotions;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Promotions;

/// <summary>Seed 000 §2 on both engines: forcing a stuck promotion off, each test on its own copy of the shop.</summary>
public sealed class PromotionOperationsTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private const string PostgresTable = """
        CREATE TABLE promotions (id serial PRIMARY KEY, name text NOT NULL, is_active boolean NOT NULL, starts_at timestamptz, ends_at timestamptz,
                                 deactivated_at timestamptz, deactivated_by text, deactivation_reason text);
        """;

    private const string MySqlTable = """
        CREATE TABLE promotions (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, is_active BOOLEAN NOT NULL, starts_at DATETIME(6) NULL, ends_at DATETIME(6) NULL,
                                 deactivated_at DATETIME(6) NULL, deactivated_by VARCHAR(200) NULL, deactivation_reason VARCHAR(500) NULL);
        """;

    private async Task<string> ShopWithPromotionsAsync(string provider)
    {
        var shop = provider == "PostgreSql" ? await services.Servers.CreatePostgresShopAsync() : await services.Servers.CreateMariaDbShopAsync();
        await SeedAsync(provider, shop, services.Clock.GetUtcNow().UtcDateTime);
        return shop;
    }

    /// <summary>A promotions table with one promotion on, one stuck on after its end, one off.</summary>
    internal static async Task SeedAsync(string provider, string shop, DateTime now)
    {
        await using DbConnection connection = provider == "PostgreSql" ? new NpgsqlConnection(shop) : new MySqlConnection(shop);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand(provider == "PostgreSql" ? PostgresTable : MySqlTable, TimeSpan.FromSeconds(10)))
        {
            await create.ExecuteNonQueryAsync();
        }

        foreach (var (name, on, starts, ends) in new[] { ("Black Friday", true, -2, 1), ("Stuck summer sale", true, -60, -30), ("Spring sale", false, -90, -80) })
        {
            await using var insert = connection.CreateCommand(
                "INSERT INTO promotions (name, is_active, starts_at, ends_at) VALUES (@name, @on, @starts, @ends)", TimeSpan.FromSeconds(10),
                ("name", name), ("on", on), ("starts", now.AddDays(starts)), ("ends", now.AddDays(ends)));
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The promotion keys of target 0, added to <paramref name="settings"/>.</summary>
    internal static Dictionary<string, string?> WithPromotions(Dictionary<string, string?> settings, bool withFlag = true)
    {
        settings["Runbook:Targets:0:Promotions:Table"] = "promotions";
        settings["Runbook:Targets:0:Promotions:StartsAtColumn"] = "starts_at";
        settings["Runbook:Targets:0:Promotions:EndsAtColumn"] = "ends_at";
        settings["Runbook:Targets:0:Promotions:DeactivatedAtColumn"] = "deactivated_at";
        settings["Runbook:Targets:0:Promotions:DeactivatedByColumn"] = "deactivated_by";
        settings["Runbook:Targets:0:Promotions:ReasonColumn"] = "deactivation_reason";
        if (withFlag)
        {
            settings["Runbook:Targets:0:Promotions:ActiveColumn"] = "is_active";
        }

        return settings;
    }

    private ServiceProvider Build(string provider, string shop, bool withFlag = true) =>
        services.BuildServices(WithPromotions(ShopFixture.ShopTarget(0, "shop", provider, shop), withFlag));

    internal static async Task<string> RowsAsync(string provider, string shop)
    {
        await using DbConnection connection = provider == "PostgreSql" ? new NpgsqlConnection(shop) : new MySqlConnection(shop);
        await connection.OpenAsync();
        var rows = await connection.ListAsync(
            "SELECT id, CASE WHEN is_active THEN 1 ELSE 0 END, deactivated_by, deactivation_reason, CASE WHEN deactivated_at IS NULL THEN 0 ELSE 1 END FROM promotions ORDER BY id",
            TimeSpan.FromSeconds(10),
            r => $"{r.GetValue(0)}:{r.GetInt64Any(1)}:{(r.IsDBNull(2) ? "-" : r.GetString(2))}:{(r.IsDBNull(3) ? "-" : r.GetString(3))}:{r.GetInt64Any(4)}",
            CancellationToken.None);
        return string.Join(' ', rows);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task A_stuck_promotion_is_forced_off_in_one_checked_transaction_with_who_and_why(string provider)
    {
        var shop = await ShopWithPromotionsAsync(provider);
        await using var sp = Build(provider, shop);
        var promotions = sp.GetRequiredService<PromotionOperations>();
        var jane = OperatorContext.Cli("jane");

        var active = await promotions.ListAsync("shop", activeOnly: true);
        var dry = await promotions.DeactivateAsync("shop", "2", "sale ended a month ago", dryRun: true, jane);
        var afterDry = await RowsAsync(provider, shop);
        var done = await promotions.DeactivateAsync("shop", "2", "sale ended a month ago", dryRun: false, jane);
        var again = await promotions.DeactivateAsync("shop", "2", "once more", dryRun: false, jane);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => promotions.DeactivateAsync("shop", "999", "x", false, jane));
        var injected = await Assert.ThrowsAsync<InvalidRequestException>(() => promotions.DeactivateAsync("shop", "2; UPDATE promotions SET is_active = true", "x", false, jane));
        var noReason = await Assert.ThrowsAsync<InvalidRequestException>(() => promotions.DeactivateAsync("shop", "1", " ", false, jane));

        Assert.Equal(["Black Friday", "Stuck summer sale"], active.Select(p => p.Name));
        Assert.True(dry.DryRun);
        Assert.Equal(1, dry.Changed);
        Assert.Equal("1:1:-:-:0 2:1:-:-:0 3:0:-:-:0", afterDry);
        var change = Assert.Single(done.Promotions);
        Assert.True(change.Before.Active);
        Assert.False(change.After.Active);
        Assert.Equal("1 promotion(s) switched off: Stuck summer sale", done.Detail);
        Assert.Equal(0, again.Changed);
        Assert.Equal("promotion 2 is already inactive; nothing changed", again.Detail);
        Assert.Equal("Target shop has no promotion 999.", missing.Message);
        Assert.StartsWith("Promotion ids are 1 to 64", injected.Message, StringComparison.Ordinal);
        Assert.StartsWith("A reason is required", noReason.Message, StringComparison.Ordinal);
        Assert.Equal("1:1:-:-:0 2:0:jane:sale ended a month ago:1 3:0:-:-:0", await RowsAsync(provider, shop));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Deactivate_active_switches_every_active_promotion_off_and_two_operators_at_once_change_it_once(string provider)
    {
        var shop = await ShopWithPromotionsAsync(provider);
        await using var first = Build(provider, shop);
        await using var second = Build(provider, shop);

        var raced = await Task.WhenAll(
            first.GetRequiredService<PromotionOperations>().DeactivateAsync("shop", "1", "race", false, OperatorContext.Cli("jane")),
            second.GetRequiredService<PromotionOperations>().DeactivateAsync("shop", "1", "race", false, OperatorContext.Cli("joe")));
        var all = await first.GetRequiredService<PromotionOperations>().DeactivateActiveAsync("shop", "incident 4711", false, OperatorContext.Cli("jane"));
        var none = await first.GetRequiredService<PromotionOperations>().DeactivateActiveAsync("shop", "incident 4711", false, OperatorContext.Cli("jane"));

        Assert.Equal([0, 1], raced.Select(r => r.Changed).Order());
        Assert.Equal(1, all.Changed);
        Assert.Equal("no active promotion; nothing changed", none.Detail);
        Assert.Empty(await first.GetRequiredService<PromotionOperations>().ListAsync("shop", activeOnly: true));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task The_expiry_timer_switches_off_only_promotions_still_on_after_their_end_and_obeys_its_switch(string provider)
    {
        var shop = await ShopWithPromotionsAsync(provider);
        await using var sp = Build(provider, shop);
        var runner = sp.GetRequiredService<Runbook.Scheduling.ScheduledJobRunner>();

        var run = await runner.RunAsync(Runbook.Scheduling.JobSchedules.PromotionExpiry, isPastDue: false);
        var afterRun = await RowsAsync(provider, shop);
        await sp.GetRequiredService<Runbook.Tasks.TaskSwitches>().DisableAsync("promotion-expiry", "sale weekend", null, OperatorContext.Cli("jane"));
        var skipped = await runner.RunAsync(Runbook.Scheduling.JobSchedules.PromotionExpiry, isPastDue: false);
        await sp.GetRequiredService<Runbook.Tasks.TaskSwitches>().EnableAsync("promotion-expiry", null, OperatorContext.Cli("jane"));

        Assert.True(run.Ran);
        Assert.Equal("1 promotion(s) switched off across 1 target(s)", run.Outcome);
        Assert.Equal("1:1:-:-:0 2:0:timer:promotion-expiry:ended:1 3:0:-:-:0", afterRun);
        Assert.False(skipped.Ran);
    }

    [Fact]
    public async Task Without_an_active_flag_a_promotion_is_switched_off_by_ending_it_now()
    {
        var shop = await ShopWithPromotionsAsync("PostgreSql");
        await using var sp = Build("PostgreSql", shop, withFlag: false);
        var promotions = sp.GetRequiredService<PromotionOperations>();

        var active = await promotions.ListAsync("shop", activeOnly: true);
        var done = await promotions.DeactivateAsync("shop", "1", "ends now", false, OperatorContext.Cli("jane"));

        Assert.Equal(["Black Friday"], active.Select(p => p.Name));
        // PostgreSQL keeps microseconds.
        Assert.Equal(services.Clock.GetUtcNow().Ticks / 10, Assert.Single(done.Promotions).After.EndsAt!.Value.Ticks / 10);
        Assert.Empty(await promotions.ListAsync("shop", activeOnly: true));
    }
}
