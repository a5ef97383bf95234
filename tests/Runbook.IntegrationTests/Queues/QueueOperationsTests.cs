using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook.Audit;
using Runbook.Operations;
using Runbook.Queues;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Queues;

/// <summary>Seed 004's queue buttons on both engines, each test on its own copy of the shop (they change data).</summary>
public sealed class QueueOperationsTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static readonly OperatorContext Jane = OperatorContext.Cli("jane");

    private async Task<string> FreshShopAsync(string provider) =>
        provider == "PostgreSql" ? await services.Servers.CreatePostgresShopAsync() : await services.Servers.CreateMariaDbShopAsync();

    private ServiceProvider Build(string provider, string connectionString, string? clearFunction = null)
    {
        var settings = ShopFixture.ShopTarget(0, "shop", provider, connectionString);
        settings["Runbook:Targets:0:Queues:1:RetryCountColumn"] = "retry_count";
        settings["Runbook:Targets:0:Queues:1:LastErrorColumn"] = "last_error";
        settings["Runbook:Targets:0:Queues:1:Statuses:0"] = "queued";
        settings["Runbook:Targets:0:Queues:1:WaitingStatuses:0"] = "queued";
        if (clearFunction is not null)
        {
            settings["Runbook:Targets:0:Queues:1:ClearFunction"] = clearFunction;
        }

        return services.BuildServices(settings);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(string provider, string connectionString)
    {
        const string Sql = "SELECT status, COUNT(*), SUM(CASE WHEN retry_count = 0 AND last_error IS NULL THEN 1 ELSE 0 END) FROM sync_queue GROUP BY status";
        var counts = new Dictionary<string, long>();
        await using var connection = provider == "PostgreSql" ? (System.Data.Common.DbConnection)new NpgsqlConnection(connectionString) : new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand(Sql, TimeSpan.FromSeconds(10));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64Any(1);
            counts[reader.GetString(0) + ":clean"] = reader.GetInt64Any(2);
        }

        return counts;
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Requeue_failed_resets_status_retries_and_error_in_one_transaction_and_is_recorded(string provider)
    {
        var shop = await FreshShopAsync(provider);
        await using var sp = Build(provider, shop);
        var queues = sp.GetRequiredService<QueueOperations>();

        var who = OperatorContext.Cli("jane-" + Guid.NewGuid().ToString("N")[..6]);
        var failedItems = await queues.ItemsAsync("shop", "sync_queue", "failed", 20);
        var first = await queues.RequeueFailedAsync("shop", "sync_queue", who);
        var second = await queues.RequeueFailedAsync("shop", "sync_queue", who);
        var counts = await CountsAsync(provider, shop);

        Assert.Equal(2, failedItems.Count);
        Assert.All(failedItems, i => Assert.NotNull(i.LastError));
        Assert.Equal((2L, "2 failed item(s) requeued as queued"), (first.Rows, first.Detail));
        Assert.Equal((0L, "no failed items"), (second.Rows, second.Detail));
        Assert.False(counts.ContainsKey("failed"));
        Assert.Equal(7, counts["queued"]);
        Assert.True(counts["queued:clean"] >= 2);
        var now = services.Clock.GetUtcNow();
        var records = (await sp.GetRequiredService<AuditTrail>().ReadAsync(now.AddMinutes(-5), now.AddMinutes(5), "queues.requeue-failed")).Where(r => r.Actor == who.Actor).ToList();
        Assert.Equal(["succeeded:2", "unchanged:0"], records.Select(r => $"{r.Outcome}:{r.RowsChanged}"));
        Assert.Equal("shop/sync_queue", records[0].Target);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Requeue_one_item_checks_its_id_and_says_when_nothing_changed(string provider)
    {
        var shop = await FreshShopAsync(provider);
        await using var sp = Build(provider, shop);
        var queues = sp.GetRequiredService<QueueOperations>();
        var id = (await queues.ItemsAsync("shop", "sync_queue", "failed", 1))[0].Id;

        var requeued = await queues.RequeueItemAsync("shop", "sync_queue", id, Jane);
        var again = await queues.RequeueItemAsync("shop", "sync_queue", id, Jane);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => queues.RequeueItemAsync("shop", "sync_queue", "999999999", Jane));
        var injected = await Assert.ThrowsAsync<InvalidRequestException>(() => queues.RequeueItemAsync("shop", "sync_queue", "1; DROP TABLE sync_queue", Jane));
        var notNumber = await Assert.ThrowsAsync<InvalidRequestException>(() => queues.RequeueItemAsync("shop", "sync_queue", "abc", Jane));
        var unknownQueue = await Assert.ThrowsAsync<NotFoundException>(() => queues.RequeueItemAsync("shop", "../etc", id, Jane));

        Assert.Equal(1, requeued.Rows);
        Assert.Equal((0L, $"item {id} is queued, not failed; nothing changed"), (again.Rows, again.Detail));
        Assert.Equal("Queue sync_queue on shop has no item 999999999.", missing.Message);
        Assert.StartsWith("Item ids are 1 to 64", injected.Message, StringComparison.Ordinal);
        Assert.StartsWith("Item ids are whole numbers", notNumber.Message, StringComparison.Ordinal);
        Assert.StartsWith("Target shop has no queue named '../etc'", unknownQueue.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await CountsAsync(provider, shop))["failed"]);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Clearing_needs_a_confirmation_and_rolls_back_past_the_row_limit(string provider)
    {
        var shop = await FreshShopAsync(provider);
        await using var sp = Build(provider, shop);
        var queues = sp.GetRequiredService<QueueOperations>();

        var unconfirmed = await Assert.ThrowsAsync<InvalidRequestException>(() => queues.ClearAsync("shop", "sync_queue", queued: false, confirm: false, maxRows: null, Jane));
        var tooMany = await Assert.ThrowsAsync<InvalidRequestException>(() => queues.ClearAsync("shop", "sync_queue", queued: true, confirm: true, maxRows: 3, Jane));
        var afterRefusals = await CountsAsync(provider, shop);
        var failed = await queues.ClearAsync("shop", "sync_queue", queued: false, confirm: true, maxRows: null, Jane);
        var queued = await queues.ClearAsync("shop", "sync_queue", queued: true, confirm: true, maxRows: 5, Jane);

        Assert.Contains("send \"confirm\": true", unconfirmed.Message, StringComparison.Ordinal);
        Assert.Equal("5 rows would change, more than the limit of 3; nothing was changed. Raise \"maxRows\" (--max-rows) to 5 if that is what you mean.", tooMany.Message);
        Assert.Equal((2L, 5L, 100L), (afterRefusals["failed"], afterRefusals["queued"], afterRefusals["done"]));
        Assert.Equal(2, failed.Rows);
        Assert.Equal(5, queued.Rows);
        var counts = await CountsAsync(provider, shop);
        Assert.Equal(["done", "done:clean"], counts.Keys.Order());
    }

    [Theory]
    [InlineData("PostgreSql", "CREATE FUNCTION admin_clear_sync_queue(p_status text) RETURNS integer LANGUAGE plpgsql AS $$ DECLARE n integer; BEGIN DELETE FROM sync_queue WHERE status = p_status; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$;")]
    [InlineData("MySql", "CREATE FUNCTION admin_clear_sync_queue(p_status VARCHAR(20)) RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM sync_queue WHERE status = p_status; RETURN ROW_COUNT(); END")]
    public async Task The_apps_own_clear_function_is_called_instead_of_a_delete_when_configured(string provider, string function)
    {
        var shop = await FreshShopAsync(provider);
        if (provider == "PostgreSql")
        {
            await PostgresServer.ExecuteAsync(shop, function);
        }
        else
        {
            await MariaDbServer.ExecuteAsync(shop, function);
        }

        await using var sp = Build(provider, shop, clearFunction: "admin_clear_sync_queue");

        var cleared = await sp.GetRequiredService<QueueOperations>().ClearAsync("shop", "sync_queue", queued: false, confirm: true, maxRows: null, Jane);

        Assert.Equal(2, cleared.Rows);
        Assert.False((await CountsAsync(provider, shop)).ContainsKey("failed"));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("MySql")]
    public async Task Two_operators_requeueing_at_once_change_each_item_once(string provider)
    {
        var shop = await FreshShopAsync(provider);
        await using var first = Build(provider, shop);
        await using var second = Build(provider, shop);

        var changes = await Task.WhenAll(
            first.GetRequiredService<QueueOperations>().RequeueFailedAsync("shop", "sync_queue", OperatorContext.Cli("jane")),
            second.GetRequiredService<QueueOperations>().RequeueFailedAsync("shop", "sync_queue", OperatorContext.Cli("joe")));

        Assert.Equal(2, changes.Sum(c => c.Rows));
        Assert.Contains(changes, c => c.Rows == 0);
        Assert.Equal(7, (await CountsAsync(provider, shop))["queued"]);
    }

    [Fact]
    public async Task A_target_that_is_down_is_a_connect_failure_and_nothing_else()
    {
        await using var sp = Build("PostgreSql", ShopFixture.DownPostgres);

        await Assert.ThrowsAsync<TargetConnectException>(() => sp.GetRequiredService<QueueOperations>().RequeueFailedAsync("shop", "sync_queue", Jane));
    }
}
